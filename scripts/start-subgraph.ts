// npm run start:subgraph -- <name>: one subgraph alone, for the distributed deployment.
import { readSupergraphSdl } from "../schema/files.js";
import "reflect-metadata";
import { initOrm } from "../orm/config.js";
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { installProcessFaultHandlers } from "../platform/process-faults.js";
import { SUBGRAPHS } from "../subgraphs/registry.js";
import { createConnectorRuntime } from "../app/connector-runtime.js";
import { startExecutionEngine } from "../app/execution-engine.js";

const name = process.argv[2] as SubgraphName | undefined;
if (!name || !SUBGRAPH_NAMES.includes(name)) {
  console.error(`usage: npm run start:subgraph -- <${SUBGRAPH_NAMES.join("|")}>`);
  process.exit(2);
}
const config = loadConfig();
if (!config.databaseUrl) {
  console.error("DATABASE_URL is required to run a subgraph on its own (npm start embeds one).");
  process.exit(2);
}
const logger = createLogger({ level: config.logLevel, service: name });
installProcessFaultHandlers({ logger });
const orm = await initOrm({ databaseUrl: config.databaseUrl });
const runtime = await createConnectorRuntime({
  config,
  orm,
  logger,
  publicUrl: () => config.publicUrl,
});
// Orchestration sends jobs (its workers run as separate processes: npm run start:worker).
const executions =
  name === "orchestration"
    ? await startExecutionEngine({ config, orm, databaseUrl: config.databaseUrl, logger })
    : undefined;
const service = await SUBGRAPHS[name].create({
  orm,
  internalSecret: config.auth.internalSecret,
  logger,
  production: config.env === "production",
  runtime,
  databaseUrl: config.databaseUrl,
  ...(executions ? { executions, supergraphSdl: await readSupergraphSdl() } : {}),
});
const port = await service.http.listen(config.ports[name], config.host);
logger.info({ port }, `${name} subgraph ready`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(
    signal,
    () =>
      void service
        .stop()
        .then(() => executions?.stop())
        .then(() => orm.close(true))
        .then(() => process.exit(0)),
  );
}
