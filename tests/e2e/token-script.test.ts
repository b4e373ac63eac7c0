import { describe, expect, it } from "@jest/globals";
import { createUserTokenVerifier } from "../../platform/auth/user-token.js";
import { loadConfig } from "../../platform/config.js";
import { runNode } from "../../testing/processes.js";

const WORKSPACE = "0193a000-0000-7000-8000-000000000777";

describe("npm run token", () => {
  it("mints a token for the workspace and role asked for", async () => {
    const run = runNode(
      "dist/scripts/token.js",
      ["--workspace", WORKSPACE, "--role", "VIEWER"],
      {},
    );
    expect(await run.exited()).toBe(0);
    const verify = createUserTokenVerifier({ jwtSecret: loadConfig({}).auth.jwtSecret });
    await expect(verify(run.output().trim())).resolves.toMatchObject({
      workspaceId: WORKSPACE,
      role: "VIEWER",
    });
  });

  it("explains its usage when the workspace is missing or not an id", async () => {
    for (const args of [[], ["--workspace", "demo"]]) {
      const run = runNode("dist/scripts/token.js", args, {});
      expect(await run.exited()).toBe(2);
      expect(run.output()).toContain("usage: npm run token -- --workspace <uuid>");
    }
  });
});
