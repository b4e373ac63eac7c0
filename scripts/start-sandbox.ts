// npm run start:sandbox: every provider sandbox on SANDBOX_PORT, for the distributed deployment
// in sandbox mode (subgraphs then reach it at SANDBOX_URL, and it posts webhooks to PUBLIC_URL).
import { startSandboxes } from "../app/sandboxes.js";
import { loadConfig } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { installProcessFaultHandlers } from "../platform/process-faults.js";

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, service: "sandbox" });
installProcessFaultHandlers({ logger });
const { host } = await startSandboxes({
  config,
  publicUrl: () => config.publicUrl,
  port: config.providers.sandboxPort,
});
logger.info({ url: host.url() }, "provider sandboxes ready");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void host.close().then(() => process.exit(0)));
}
