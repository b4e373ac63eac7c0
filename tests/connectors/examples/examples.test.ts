import { describe, expect, it } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_ACCOUNTS } from "../../../connectors/demo-accounts.js";
import { isProviderKey } from "../../../connectors/kit/catalog.js";
import { CONNECTORS } from "../../../connectors/registry.js";
import { SANDBOX_FACTORIES } from "../../../connectors/sandboxes.js";

// The example providers prove the template (connectors/README.md) for the social, ads and
// commerce contracts; the conformance suites run them. They are fixtures, never a provider.
const EXAMPLES = ["example-social", "example-ads", "example-shop"];
const FILE_SET = [
  "connector",
  "client",
  "schemas",
  "mapper",
  "classifier",
  "webhooks",
  "demo",
  "sandbox",
];
/** What production code never loads: a sandbox file, or the sandbox kit. */
const SANDBOX_IMPORT = /from "[^"]*(\.sandbox(-[a-z-]+)?\.js|\/sandbox\/[^"]*)"/;

describe("the example providers", () => {
  it("are never registered: not in the catalog, the registry, the sandboxes or the demo accounts", () => {
    for (const name of EXAMPLES) {
      expect(isProviderKey(name)).toBe(false);
      expect(Object.keys(CONNECTORS)).not.toContain(name);
      expect(Object.keys(SANDBOX_FACTORIES)).not.toContain(name);
      expect(DEMO_ACCOUNTS.map(account => account.provider)).not.toContain(name);
    }
  });

  it.each(EXAMPLES)(
    "%s has the template's file set, and its connector side loads no sandbox",
    name => {
      const folder = join(import.meta.dirname, name);
      const files = readdirSync(folder);
      for (const role of FILE_SET) {
        expect(files).toContain(`${name}.${role}.ts`);
      }
      const connectorSide = files.filter(file => !/\.sandbox(-[a-z-]+)?\.ts$/.test(file));
      for (const file of connectorSide) {
        expect([file, SANDBOX_IMPORT.test(readFileSync(join(folder, file), "utf8"))]).toEqual([
          file,
          false,
        ]);
      }
    },
  );
});
