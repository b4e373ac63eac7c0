import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { getIntrospectionQuery } from "graphql";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_PORTS } from "../../platform/config.js";
import { freePort, runNode, type RunningProcess } from "../../testing/processes.js";
import { postGraphQL } from "../support/test-stack.js";

/**
 * The run command end to end, as a user runs it: the built entry with no DATABASE_URL starts an
 * embedded PostgreSQL in a fresh folder, migrates, seeds the demo workspace, serves the gateway
 * and prints a development token that answers a cross-subgraph query.
 */
describe("npm start on a machine with no database server", () => {
  let app: RunningProcess;
  let dataDir: string;
  let token: string;
  const env: Record<string, string> = { LOG_LEVEL: "warn" };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "crosscast-start-"));
    for (const name of [...Object.keys(DEFAULT_PORTS), "sandbox"]) {
      env[`${name.toUpperCase()}_PORT`] = String(await freePort());
    }
    app = runNode("dist/scripts/start-all.js", [], {
      ...env,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
    });
    token = (await app.waitFor(/Development token[^\n]*\n(\S+)\n/))[1]!;
  }, 120_000);

  afterAll(async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints the gateway URL and a token that answers campaigns across subgraphs", async () => {
    const url = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
    expect(app.output()).toContain(url);
    const result = await postGraphQL<{ campaigns: Array<{ name: string; messageCount: number }> }>(
      url,
      { query: "{ campaigns { name messageCount orderCount } }" },
      { authorization: `Bearer ${token}` },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.campaigns.map(c => c.name)).toContain("Black Friday 2026");
    expect(result.data?.campaigns.every(c => c.messageCount === 3)).toBe(true);
  });

  it("runs the demo agent to completion through the Twilio sandbox, with no input to give", async () => {
    const url = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
    const gql = <T>(query: string, variables: Record<string, unknown> = {}) =>
      postGraphQL<T>(url, { query, variables }, { authorization: `Bearer ${token}` });
    const listed = await gql<{ agents: Array<{ id: string; playbook: { steps: unknown[] } }> }>(
      `{ agents { id playbook defaultInputs } connections { scopes settings { key } }
         campaigns { audience playbook } }`,
    );
    expect(listed.errors).toBeUndefined();
    const started = await gql<{ startExecution: { id: string } }>(
      `mutation($input: StartExecutionInput!) { startExecution(input: $input) { id } }`,
      { input: { agentId: listed.data!.agents[0]!.id } },
    );
    expect(started.errors).toBeUndefined();
    const id = started.data!.startExecution.id;
    let status = "";
    for (let i = 0; i < 200 && !["SUCCEEDED", "FAILED", "CANCELLED"].includes(status); i += 1) {
      await new Promise(resolve => setTimeout(resolve, 100));
      const seen = await gql<{ execution: { status: string } }>(
        `query($id: ID!) { execution(id: $id) { status } }`,
        { id },
      );
      status = seen.data!.execution.status;
    }
    expect(status).toBe("SUCCEEDED");
  });

  it("serves an offline GraphiQL with the token pre-filled", async () => {
    const page = await (await fetch(`http://127.0.0.1:${env.GATEWAY_PORT}/graphiql`)).text();
    expect(page).toContain(token);
    expect(page).not.toMatch(/https?:\/\//);
    // GraphiQL loads the schema with the standard introspection query (15 levels deep).
    const schema = await postGraphQL<{ __schema: { types: unknown[] } }>(
      `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`,
      { query: getIntrospectionQuery({ inputValueDeprecation: true }) },
      { authorization: `Bearer ${token}` },
    );
    expect(schema.errors).toBeUndefined();
    expect(schema.data?.__schema.types.length).toBeGreaterThan(50);
  });

  it("shuts down cleanly on SIGTERM", async () => {
    await app.stop();
    const { exitCode, signalCode } = app.child;
    expect({ exitCode, signalCode, output: exitCode === 0 ? "" : app.output() }).toEqual({
      exitCode: 0,
      signalCode: null,
      output: "",
    });
  });
});
