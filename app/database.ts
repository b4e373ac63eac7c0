import { ensureDatabase } from "../orm/database.js";
import { startEmbeddedPostgres } from "../orm/embedded-postgres.js";
import type { CrosscastConfig } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real embedded PostgreSQL with its data under DATA_DIR. */
export async function openDatabase(
  config: CrosscastConfig,
  logger: Logger,
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  }
  logger.info(
    { dataDir: config.embeddedPostgres.dataDir, port: config.embeddedPostgres.port },
    "DATABASE_URL is not set: starting the embedded PostgreSQL",
  );
  const server = await startEmbeddedPostgres({
    ...config.embeddedPostgres,
    onLog: message => logger.debug({ postgres: message.trim() }, "postgres"),
  });
  const url = await ensureDatabase(server.adminUrl, "crosscast");
  return { url, embedded: true, stop: () => server.stop() };
}
