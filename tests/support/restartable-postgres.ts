import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDatabase } from "../../orm/database.js";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../../orm/embedded-postgres.js";
import { freePort } from "../../testing/free-port.js";

export interface RestartablePostgres {
  /** A database on this server (created on first use). */
  database(name: string): Promise<string>;
  /** Stops the server (a fast shutdown: every connection is cut), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * A real PostgreSQL of the test file's own, on a free port with a fresh data folder: tests that
 * stop and start the database must not do it to the server every other test file shares.
 */
export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dataDir = await mkdtemp(join(tmpdir(), "crosscast-restart-pg-"));
  const port = await freePort();
  let server: EmbeddedPostgresHandle | undefined = await startEmbeddedPostgres({ dataDir, port });
  const adminUrl = server.adminUrl;
  const stop = async () => {
    const running = server;
    server = undefined;
    await running?.stop();
  };
  return {
    database: name => ensureDatabase(adminUrl, name),
    stop,
    async start() {
      server ??= await startEmbeddedPostgres({ dataDir, port });
    },
    async destroy() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
