import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { PROVIDER_VARIABLES } from "../../platform/environment.js";
import { ENVIRONMENT } from "../../platform/environment.js";

const readme = readFileSync("README.md", "utf8");

describe("the README documents", () => {
  it("every environment variable the code reads", () => {
    const missing = Object.keys(ENVIRONMENT).filter(name => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it("every per-provider variable", () => {
    const missing = Object.keys(PROVIDER_VARIABLES).filter(
      name => !readme.includes(`\`<PROVIDER>_${name}\``),
    );
    expect(missing).toEqual([]);
  });

  it("the two commands: one that runs everything, one that runs every test", () => {
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm install && npm test");
  });
});
