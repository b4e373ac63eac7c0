import { describe, expect, it } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { composeSupergraph } from "../../schema/compose.js";
import { artifactFiles } from "../../schema/files.js";

/** A minimal line diff, enough to show what changed in an SDL file. */
function lineDiff(committed: string, current: string): string {
  const before = committed.split("\n");
  const after = current.split("\n");
  const out: string[] = [];
  const removed = before.filter(line => !after.includes(line));
  const added = after.filter(line => !before.includes(line));
  removed.forEach(line => out.push(`- ${line}`));
  added.forEach(line => out.push(`+ ${line}`));
  return out.length ? out.join("\n") : "(lines reordered)";
}

describe("schema artifacts", () => {
  it("the committed subgraph SDL and supergraph match what composition produces now", async () => {
    const drift: string[] = [];
    for (const file of artifactFiles(await composeSupergraph())) {
      const committed = await readFile(file.path, "utf8").catch(() => "");
      if (committed !== file.content) {
        drift.push(`${file.path} is stale:\n${lineDiff(committed, file.content)}`);
      }
    }
    if (drift.length) {
      throw new Error(`Run \`npm run schema\` and commit the result.\n\n${drift.join("\n\n")}`);
    }
    expect(drift).toEqual([]);
  });
});
