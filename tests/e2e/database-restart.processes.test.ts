import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { TWILIO_DEMO_SANDBOX } from "../../connectors/twilio/twilio.demo.js";
import { initOrm } from "../../orm/config.js";
import { mintUserToken } from "../../platform/auth/user-token.js";
import { SUBGRAPH_NAMES } from "../../platform/config.js";
import { runExecutionAcrossRestart } from "../support/database-restart.js";
import { expectSurvived, useRestartablePostgres } from "../support/restart-expectations.js";
import { makeWorkspace } from "../support/factories.js";
import { freePort, runNode, type RunningProcess } from "../../testing/processes.js";
import { postGraphQL } from "../support/test-stack.js";

/**
 * PostgreSQL restarts while an execution runs and a subscriber follows it through the gateway:
 * nothing is restarted but the database, every service is ready again on its own, and the
 * subscriber sees every event once, in order, up to the execution's success. The server is this
 * file's own (the other test files share theirs); each scenario restarts it once.
 */
const postgres = useRestartablePostgres();

describe("the database restarts under separate processes", () => {
  const processes: RunningProcess[] = [];
  const probes: Record<string, string> = {};
  const env: Record<string, string> = {
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    JWT_SECRET: "j".repeat(40),
    INTERNAL_JWT_SECRET: "i".repeat(40),
    VAULT_KEYS: `k1:${Buffer.alloc(32, 9).toString("base64")}`,
    PROVIDER_MODE: "sandbox",
    JOB_SUPERVISE_SECONDS: "1",
  };
  const started = (process: RunningProcess, ready: RegExp) => {
    processes.push(process);
    return process.waitFor(ready);
  };

  beforeAll(async () => {
    env.DATABASE_URL = await postgres().database("restart_processes");
    expect(await runNode("dist/scripts/migrate.js", [], env).exited()).toBe(0);
    const port = async (name: string) => {
      const value = await freePort();
      env[`${name.toUpperCase()}_PORT`] = String(value);
      probes[name] = `http://127.0.0.1:${value}`;
      return value;
    };
    const gatewayPort = await port("gateway");
    env.PUBLIC_URL = `http://127.0.0.1:${gatewayPort}`;
    env.GATEWAY_URL = `http://127.0.0.1:${gatewayPort}/graphql`;
    env.SANDBOX_PORT = String(await freePort());
    env.SANDBOX_URL = `http://127.0.0.1:${env.SANDBOX_PORT}`;
    for (const name of SUBGRAPH_NAMES) {
      env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${await port(name)}/graphql`;
    }
    await port("worker");
    await Promise.all([
      started(runNode("dist/scripts/start-sandbox.js", [], env), /provider sandboxes ready/),
      ...SUBGRAPH_NAMES.map(name =>
        started(runNode("dist/scripts/start-subgraph.js", [name], env), /subgraph ready/),
      ),
      started(runNode("dist/scripts/start-worker.js", [], env), /execution worker ready/),
      started(runNode("dist/scripts/start-gateway.js", [], env), /gateway ready/),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map(process => process.stop()));
  });

  it("recovers every service and completes the execution the subscriber follows", async () => {
    const orm = await initOrm({ databaseUrl: env.DATABASE_URL! });
    const workspaceId = (await makeWorkspace(orm)).id;
    await orm.close(true);
    const token = await mintUserToken(env.JWT_SECRET!, { userId: "u", workspaceId, role: "OWNER" });
    const connected = await postGraphQL<{ connectWithCredentials: { id: string } }>(
      `${probes.gateway}/graphql`,
      {
        query: `mutation($input: ConnectWithCredentialsInput!) { connectWithCredentials(input: $input) { id } }`,
        variables: {
          input: {
            provider: "twilio",
            credentials: [
              { name: "accountSid", value: TWILIO_DEMO_SANDBOX.accountSid },
              { name: "authToken", value: TWILIO_DEMO_SANDBOX.authToken },
              { name: "fromNumber", value: TWILIO_DEMO_SANDBOX.fromNumber },
            ],
          },
        },
      },
      { authorization: `Bearer ${token}` },
    );
    expect(connected.errors).toBeUndefined();
    const outcome = await runExecutionAcrossRestart({
      gatewayUrl: `${probes.gateway}/graphql`,
      token,
      connectionId: connected.data!.connectWithCredentials.id,
      sandboxUrl: env.SANDBOX_URL!,
      probes,
      databaseUsers: [...SUBGRAPH_NAMES, "worker"],
      postgres: postgres(),
    });
    expect(outcome.notReadyWhileDown.sort()).toEqual([...SUBGRAPH_NAMES, "worker"].sort());
    expectSurvived(outcome, processes);
  }, 240_000);
});
