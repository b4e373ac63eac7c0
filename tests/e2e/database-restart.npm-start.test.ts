import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_PORTS, SUBGRAPH_NAMES } from "../../platform/config.js";
import { runExecutionAcrossRestart } from "../support/database-restart.js";
import { expectSurvived, useRestartablePostgres } from "../support/restart-expectations.js";
import { freePort, runNode, type RunningProcess } from "../../testing/processes.js";
import { postGraphQL } from "../support/test-stack.js";

/**
 * PostgreSQL restarts while an execution runs and a subscriber follows it through the gateway:
 * nothing is restarted but the database, every service is ready again on its own, and the
 * subscriber sees every event once, in order, up to the execution's success. The server is this
 * file's own (the other test files share theirs); each scenario restarts it once.
 */
const postgres = useRestartablePostgres();

describe("the database restarts under `npm start`", () => {
  let app: RunningProcess;
  let dataDir: string;
  let token: string;
  const probes: Record<string, string> = {};
  const env: Record<string, string> = { LOG_LEVEL: "warn", JOB_SUPERVISE_SECONDS: "1" };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "crosscast-restart-start-"));
    for (const name of [...Object.keys(DEFAULT_PORTS), "sandbox"]) {
      const port = await freePort();
      env[`${name.toUpperCase()}_PORT`] = String(port);
      probes[name] = `http://127.0.0.1:${port}`;
    }
    delete probes.worker; // the workers run inside the one process
    delete probes.sandbox;
    app = runNode("dist/scripts/start-all.js", [], {
      ...env,
      DATA_DIR: dataDir,
      DATABASE_URL: await postgres().database("restart_start"),
    });
    token = (await app.waitFor(/Development token[^\n]*\n(\S+)\n/))[1]!;
  }, 120_000);

  afterAll(async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("recovers every service and completes the execution the subscriber follows", async () => {
    const listed = await postGraphQL<{ connections: Array<{ id: string; provider: string }> }>(
      `${probes.gateway}/graphql`,
      { query: "{ connections { id provider } }" },
      { authorization: `Bearer ${token}` },
    );
    const twilio = listed.data?.connections.find(connection => connection.provider === "twilio");
    expect(twilio).toBeDefined();
    const outcome = await runExecutionAcrossRestart({
      gatewayUrl: `${probes.gateway}/graphql`,
      token,
      connectionId: twilio!.id,
      sandboxUrl: `http://127.0.0.1:${env.SANDBOX_PORT}`,
      probes,
      databaseUsers: [...SUBGRAPH_NAMES],
      postgres: postgres(),
    });
    expect(outcome.notReadyWhileDown.sort()).toEqual([...SUBGRAPH_NAMES].sort());
    expectSurvived(outcome, [app]);
  }, 240_000);
});
