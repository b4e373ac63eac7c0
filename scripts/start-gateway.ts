// Entry: read configuration, build the gateway, listen. Everything else is in gateway/server.ts.
import { loadConfig } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { installProcessFaultHandlers } from "../platform/process-faults.js";
import { readSupergraphSdl } from "../schema/files.js";
import { createGateway } from "../gateway/server.js";

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, service: "gateway" });
installProcessFaultHandlers({ logger });
const gateway = await createGateway({
  supergraphSdl: await readSupergraphSdl(),
  subgraphUrls: config.subgraphUrls,
  auth: config.auth,
  logger,
  production: config.env === "production",
});
const port = await gateway.http.listen(config.ports.gateway, config.host);
logger.info({ port }, "gateway ready");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void gateway.stop().then(() => process.exit(0)));
}
