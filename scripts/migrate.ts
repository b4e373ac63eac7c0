// Applies committed migrations to DATABASE_URL and verifies nothing is left pending
// (the one-shot `migrate` service of docker-compose).
import { initOrm, migrate, pendingSchemaChanges } from "../orm/config.js";
import { loadConfig } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, service: "migrate" });
if (!config.databaseUrl) {
  logger.error("DATABASE_URL is required");
  process.exit(2);
}
const orm = await initOrm({ databaseUrl: config.databaseUrl });
try {
  await migrate(orm);
  const pending = await pendingSchemaChanges(orm);
  if (pending) {
    logger.error({ pending }, "the database differs from the entities after migrating");
    process.exitCode = 1;
  } else {
    logger.info("migrations applied");
  }
} finally {
  await orm.close(true);
}
