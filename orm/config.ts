import { DataloaderType, type Logger } from "@mikro-orm/core";
import { Migrator } from "@mikro-orm/migrations";
import { defineConfig, MikroORM } from "@mikro-orm/postgresql";
import { ENTITIES } from "./entities/index.js";
import { MIGRATIONS } from "./migrations/index.js";
import { guardPool } from "./pool-guard.js";

export type Orm = MikroORM;

export interface OrmOptions {
  databaseUrl: string;
  /** Connection pool size per process. */
  poolSize?: number;
  /** Receives every SQL statement (tests count them); nothing is logged otherwise. */
  queryLogger?: Logger;
}

export function createOrmConfig(options: OrmOptions) {
  return defineConfig({
    clientUrl: options.databaseUrl,
    entities: [...ENTITIES],
    extensions: [Migrator],
    migrations: {
      migrationsList: [...MIGRATIONS],
      path: "orm/migrations",
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: "ts",
      silent: true,
    },
    dataloader: DataloaderType.ALL,
    pool: { min: 0, max: options.poolSize ?? 10 },
    driverOptions: {
      // No connection whose session is gone stays in the pool, checked out or idle: see pool-guard.ts.
      onPoolCreated: guardPool,
      // A server that vanishes without closing the socket (no FIN/RST) is noticed by TCP keepalive
      // probes after 10 s of silence, not after the OS default of two hours.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    },
    debug: options.queryLogger ? ["query"] : false,
    loggerFactory: options.queryLogger ? () => options.queryLogger as Logger : undefined,
    // Connection details (and so credentials) are never printed.
    colors: false,
  });
}

export async function initOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init(createOrmConfig(options));
}

/** Applies every committed migration that has not run yet. */
export async function migrate(orm: Orm): Promise<void> {
  await orm.migrator.up();
}

/** SQL that would bring the database to the entities' shape: empty when nothing is pending. */
export async function pendingSchemaChanges(orm: Orm): Promise<string> {
  return (await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim();
}
