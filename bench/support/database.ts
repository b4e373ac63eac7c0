import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropDatabase, ensureDatabase } from "../../orm/database.js";
import { startEmbeddedPostgres } from "../../orm/embedded-postgres.js";
import { initOrm, migrate } from "../../orm/config.js";
import { freePort } from "../../testing/processes.js";

export interface BenchDatabase {
  url: string;
  close(): Promise<void>;
}

/** A fresh, migrated database: on DATABASE_URL's server, or on an embedded PostgreSQL. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  let adminUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!adminUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), "crosscast-bench-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    adminUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const name = `crosscast_bench_${Date.now().toString(36)}`;
  const url = await ensureDatabase(adminUrl, name);
  const orm = await initOrm({ databaseUrl: url });
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  return {
    url,
    async close() {
      await dropDatabase(adminUrl!, name).catch(() => undefined);
      await stopServer();
    },
  };
}
