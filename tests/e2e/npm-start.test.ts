import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_PORTS } from "../../platform/config.js";
import { postGraphQL } from "../support/test-stack.js";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * The run command end to end, as a user runs it: the built entry with no DATABASE_URL starts an
 * embedded PostgreSQL in a fresh folder, migrates, seeds the demo workspace, serves the gateway
 * and prints a development token that answers a cross-subgraph query.
 */
describe("npm start on a machine with no database server", () => {
  let child: ChildProcess;
  let dataDir: string;
  let output = "";
  const env: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "crosscast-start-"));
    for (const name of Object.keys(DEFAULT_PORTS)) {
      env[`${name.toUpperCase()}_PORT`] = String(await freePort());
    }
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    child = spawn(process.execPath, ["dist/scripts/start-all.js"], {
      env: {
        ...inherited,
        ...env,
        DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(await freePort()),
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (/Development token[^\n]*\n\S+\n/.test(output)) {
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.once("exit", code => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints the gateway URL and a token that answers campaigns across subgraphs", async () => {
    const url = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
    expect(output).toContain(url);
    const token = /Development token[^\n]*\n(\S+)\n/.exec(output)?.[1] ?? "";
    const result = await postGraphQL<{ campaigns: Array<{ name: string; messageCount: number }> }>(
      url,
      { query: "{ campaigns { name messageCount orderCount } }" },
      { authorization: `Bearer ${token}` },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.campaigns.map(c => c.name)).toContain("Black Friday 2026");
    expect(result.data?.campaigns.every(c => c.messageCount === 3)).toBe(true);
  });

  it("serves an offline GraphiQL with the token pre-filled", async () => {
    const page = await (await fetch(`http://127.0.0.1:${env.GATEWAY_PORT}/graphiql`)).text();
    expect(page).toContain("Bearer");
    expect(page).not.toMatch(/https?:\/\//);
  });
});
