// npm run start:worker: an execution worker alone (the distributed deployment runs replicas of
// it). It takes step jobs from PostgreSQL and calls the supergraph through GATEWAY_URL.
import "reflect-metadata";
import { initOrm } from "../orm/config.js";
import { loadConfig } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { installProcessFaultHandlers } from "../platform/process-faults.js";
import { createServiceServer } from "../platform/http/service-server.js";
import { startExecutionEngine } from "../app/execution-engine.js";

const config = loadConfig();
if (!config.databaseUrl) {
  console.error("DATABASE_URL is required to run a worker on its own (npm start runs one inside).");
  process.exit(2);
}
const logger = createLogger({ level: config.logLevel, service: "worker" });
installProcessFaultHandlers({ logger });
const orm = await initOrm({ databaseUrl: config.databaseUrl });
const engine = await startExecutionEngine({ config, orm, databaseUrl: config.databaseUrl, logger });
await engine.work(config.executions.workerConcurrency);
// Probes only: a worker serves no API.
const probes = createServiceServer({
  logger,
  routes: {},
  ready: async () => {
    await orm.em.getConnection().execute("select 1");
    await engine.check();
  },
});
const port = await probes.listen(config.ports.worker, config.host);
logger.info({ port, concurrency: config.executions.workerConcurrency }, "execution worker ready");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void engine
      .stop()
      .then(() => probes.close())
      .then(() => orm.close(true))
      .then(() => process.exit(0));
  });
}
