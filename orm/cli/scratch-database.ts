import { randomBytes } from "node:crypto";
import type { CrosscastConfig } from "../../platform/config.js";
import { dropDatabase, ensureDatabase } from "../database.js";
import { startEmbeddedPostgres } from "../embedded-postgres.js";

/** Runs `work` against a throw-away database on DATABASE_URL's server, or on the embedded one. */
export async function withScratchDatabase(
  config: CrosscastConfig,
  work: (databaseUrl: string) => Promise<void>,
): Promise<void> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(config.embeddedPostgres);
  const adminUrl = config.databaseUrl ?? embedded!.adminUrl;
  const name = `crosscast_scratch_${randomBytes(4).toString("hex")}`;
  try {
    await work(await ensureDatabase(adminUrl, name));
  } finally {
    await dropDatabase(adminUrl, name);
    await embedded?.stop();
  }
}
