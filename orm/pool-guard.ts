import type pg from "pg";

/**
 * Keeps connections whose database session is gone (pg_terminate_backend, a PostgreSQL restart, a
 * dropped socket) out of the `pg` pool, whoever holds them. Installed through MikroORM's
 * `driverOptions.onPoolCreated` (orm/config.ts); it adds no SQL statement anywhere.
 *
 * Why this is needed — two gaps in Kysely, which MikroORM runs every statement through:
 *
 * 1. A transaction whose `begin`, `commit` or `rollback` fails never gives its connection back.
 *    `ControlledTransactionBuilder.execute()` (kysely/dist/kysely.js) checks a connection out and
 *    awaits `driver.beginTransaction()` with no catch, and `ControlledTransaction.commit()` /
 *    `.rollback()` call the connection's `release()` only after the statement succeeded. MikroORM's
 *    `AbstractSqlConnection.begin/commit/rollback` use exactly these, and its `transactional()` only
 *    logs a failed rollback. On a dead session all three fail, so the `pg` client stays checked out
 *    forever: it counts against `max`, callers queue behind it for good, and `pool.end()` — hence
 *    `orm.close()` — waits for it forever. Upstream: https://github.com/kysely-org/kysely/issues/1990
 *    (open); once it is fixed this part only becomes redundant.
 * 2. A released connection whose session has just been killed goes back to the idle list.
 *    `PostgresDriver.releaseConnection()` (kysely/dist/dialect/postgres/postgres-driver.js) calls
 *    `client.release()` without the query's error, and `pg-pool` then keeps the client unless `pg`
 *    already marked it unqueryable — which happens when the socket closes, after the server's FATAL
 *    error has failed the query. Meanwhile the pool hands the dead client to the next caller.
 *
 * What the guard does: a client's session counts as lost as soon as `pg` reports a FATAL error
 * (or a connection-class SQLSTATE), an `'error'` or its `'end'`. A lost client that is checked out
 * is handed back to the pool with that error right away — `pg-pool` then destroys it and serves
 * the queued callers with new connections — and the holder's own `release()` later is a no-op. A
 * lost client released by its holder is destroyed, not kept idle. Whoever still holds the Kysely
 * connection gets an immediate "not queryable" error on its next statement instead of a hang.
 *
 * Not covered (no statement is added to detect them): a session killed while its connection sits
 * idle in the pool *and* before `pg` has read the server's message — that one is handed out once,
 * its first statement fails at once, and it is discarded. A `begin`/`commit`/`rollback` failing on
 * a live session (e.g. a serialization failure at commit) is not a leak in practice: MikroORM rolls
 * back after a failed commit, and that rollback releases the connection.
 */
export function guardPool(pool: pg.Pool): void {
  /** Clients whose session is gone, with the reason. */
  const lost = new WeakMap<pg.PoolClient, Error>();
  /** The release of the current checkout of each checked-out client. */
  const checkedOut = new WeakMap<pg.PoolClient, (error?: Error | boolean) => void>();

  pool.on("connect", client => {
    const lose = (error: Error) => {
      if (!lost.has(client)) {
        lost.set(client, error);
      }
      // After the current `pg` callback, not inside its message parsing; either order with the
      // holder's own release ends the same way, as the lost error goes with both.
      process.nextTick(() => checkedOut.get(client)?.(error));
    };
    client.on("error", lose);
    client.on("end", () => lose(new Error("Connection ended")));
    client.connection.on("errorMessage", (message: pg.DatabaseError) => {
      if (endsSession(message)) {
        lose(message);
      }
    });
  });

  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  const checkOut = async (): Promise<pg.PoolClient> => {
    for (;;) {
      const client = (await connect()) as pg.PoolClient;
      // pg-pool's release for this checkout throws when called twice; the guard and the holder
      // may both call it, so the holder gets one that is idempotent and passes the lost error on.
      const release = client.release;
      let released = false;
      const releaseOnce = (error?: Error | boolean) => {
        if (released) {
          return;
        }
        released = true;
        checkedOut.delete(client);
        release(error ?? lost.get(client));
      };
      client.release = releaseOnce;
      checkedOut.set(client, releaseOnce);
      if (!lost.has(client)) {
        return client;
      }
      releaseOnce(); // known dead while idle: never hand it out, take another
    }
  };
  // Kysely checks connections out with the promise form; the callback form (`pool.query`) already
  // releases with the query's error.
  pool.connect = ((...args: unknown[]) =>
    args.length === 0 ? checkOut() : connect(...args)) as pg.Pool["connect"];
}

/** The server ends the session after this error: FATAL/PANIC, or a connection-class SQLSTATE. */
function endsSession(message: pg.DatabaseError): boolean {
  return (
    message.severity === "FATAL" ||
    message.severity === "PANIC" ||
    /^(08|57P0)/.test(message.code ?? "")
  );
}
