import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import type { Duplex } from "node:stream";
import pg from "pg";
import type { EntityManager } from "@mikro-orm/postgresql";
import { initOrm, type Orm } from "../../orm/config.js";
import { Workspace } from "../../orm/entities/index.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

/**
 * The database cuts connections (pg_terminate_backend from a separate admin connection) at every
 * stage of a statement's life: before `begin`, in the middle of a transaction, at `commit`, and
 * under plain queries. After each cut the pool must hold no connection checked out by nobody, the
 * next transactions must get every slot of the pool, and `orm.close()` must finish.
 *
 * Nothing here reads a clock. A hang is a promise that never settles, so `settle` waits on
 * round trips of the admin connection (proof that the database serves and the event loop turns)
 * and calls the work stalled once the pool has stayed, turn after turn, in a state nothing can
 * leave: a caller queued while every pooled connection is checked out and some of them have no
 * session left on the server.
 */

const POOL_SIZE = 3;
/** Admin round trips a state must last before it is the final one (see `settle`, `afterCut`). */
const TURNS = 25;
/** The advisory lock `holder` takes to keep statements of the ORM in flight. */
const LOCK = 730_117;
const HOLDER = "database-cuts lock holder";

let database: TestDatabase;
let databaseName: string;
/** On the server's admin database: looks sessions up and cuts them. */
let admin: pg.Client;
/** On the test database (advisory locks are per database); not one of the ORM's sessions. */
let holder: pg.Client;

interface Opened {
  orm: Orm;
  pool: pg.Pool;
  /** Every `pg` client the pool has handed out, in order. */
  clients: pg.PoolClient[];
}
const opened: Opened[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  databaseName = new URL(database.url).pathname.slice(1);
  admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  holder = new pg.Client({ connectionString: database.url, application_name: HOLDER });
  await holder.connect();
});

afterEach(async () => {
  await holder.query("select pg_advisory_unlock_all()");
  // Tests close their ORM themselves and assert it; a close that cannot finish is left behind,
  // and so are the sessions it still holds (when a test fails): the next test counts its own.
  for (const { orm } of opened.splice(0)) {
    await settle(orm.close(true), () => true);
  }
  await admin.query("select pg_terminate_backend(pid, 30000) from unnest($1::int[]) as pid", [
    await sessions(),
  ]);
});

afterAll(async () => {
  await Promise.all([admin.end(), holder.end()]);
  await database.drop();
});

async function open(): Promise<Opened> {
  const orm = await initOrm({ databaseUrl: database.url, poolSize: POOL_SIZE });
  const pool = (await orm.em.getConnection().getNativeClient()) as pg.Pool;
  const clients: pg.PoolClient[] = [];
  pool.on("acquire", client => {
    if (!clients.includes(client)) {
      clients.push(client);
    }
  });
  const handle = { orm, pool, clients };
  opened.push(handle);
  return handle;
}

/** The ORM's sessions: every one on the test database but the lock holder's. */
async function sessions(): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    `select pid from pg_stat_activity
      where datname = $1 and backend_type = 'client backend' and application_name <> $2`,
    [databaseName, HOLDER],
  );
  return rows.map(row => row.pid);
}

/** Terminates the sessions and waits, on the server, until their processes are gone. */
async function cut(pids: number[]): Promise<void> {
  const { rows } = await admin.query<{ gone: boolean }>(
    "select pg_terminate_backend(pid, 30000) as gone from unnest($1::int[]) as pid",
    [pids],
  );
  expect(rows.map(row => row.gone)).toEqual(pids.map(() => true));
}

/** The sessions waiting for the advisory lock, once there are `count` of them. */
async function blocked(count = 1): Promise<number[]> {
  for (;;) {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity
        where datname = $1 and wait_event_type = 'Lock' and query like '%pg_advisory_lock%'`,
      [databaseName],
    );
    if (rows.length >= count) {
      return rows.map(row => row.pid);
    }
  }
}

type Outcome<T> =
  | { settled: "resolved"; value: T }
  | { settled: "rejected"; error: Error }
  | { settled: "stalled" };

/** Waits for `work` until it settles, or until `stuck` has held for TURNS admin round trips in a row. */
async function settle<T>(
  work: Promise<T>,
  stuck: (liveSessions: number) => boolean,
): Promise<Outcome<T>> {
  let outcome: Outcome<T> | undefined;
  void work.then(
    value => (outcome = { settled: "resolved", value }),
    (error: Error) => (outcome = { settled: "rejected", error }),
  );
  for (let turns = 0; turns < TURNS;) {
    const live = (await sessions()).length;
    if (outcome) {
      return outcome;
    }
    turns = stuck(live) ? turns + 1 : 0;
  }
  return outcome ?? { settled: "stalled" };
}

/** A caller waits for a connection, none is idle, and pooled connections have no session. */
const starved = (pool: pg.Pool) => (live: number) =>
  pool.waitingCount > 0 && pool.idleCount === 0 && pool.totalCount > live;
/** The pool is ending but still counts connections without a session: they never come back. */
const unclosable = (pool: pg.Pool) => (live: number) => pool.ending && pool.totalCount > live;

/**
 * The pool once a cut has played out, with nothing in flight: connections checked out, callers
 * queued, and pooled connections whose session is gone. All three must come to zero.
 */
async function afterCut(pool: pg.Pool) {
  let state = { checkedOut: -1, waiting: -1, withoutSession: -1 };
  for (let turn = 0; turn < TURNS && Object.values(state).some(n => n !== 0); turn += 1) {
    const live = (await sessions()).length;
    state = {
      checkedOut: pool.totalCount - pool.idleCount,
      waiting: pool.waitingCount,
      withoutSession: Math.max(0, pool.totalCount - live),
    };
  }
  return state;
}

/**
 * POOL_SIZE transactions that each wait for all the others before writing a row: each needs a
 * connection of its own, so they finish only if every slot of the pool serves.
 */
function everySlot(orm: Orm): Promise<string[]> {
  let arrived = 0;
  let allArrived!: () => void;
  const meeting = new Promise<void>(resolve => (allArrived = resolve));
  return Promise.all(
    Array.from({ length: POOL_SIZE }, () =>
      orm.em.fork().transactional(async em => {
        await em.execute("select 1");
        arrived += 1;
        if (arrived === POOL_SIZE) {
          allArrived();
        }
        await meeting;
        const workspace = em.create(Workspace, { name: "after a cut", slug: slug() } as never);
        await em.flush();
        return workspace.id;
      }),
    ),
  );
}

/** The server process behind the transaction's connection. */
async function backendPid(em: EntityManager): Promise<number> {
  const rows = await em.execute<{ pid: number }[]>("select pg_backend_pid() as pid");
  return rows[0]!.pid;
}

let slugs = 0;
const slug = () => `cut-${process.pid}-${(slugs += 1)}`;

async function workspaceExists(name: string): Promise<boolean> {
  return (await holder.query("select 1 from workspace where name = $1", [name])).rowCount === 1;
}

/**
 * What every cut must leave: no leak, the whole pool serving again, and a close that finishes —
 * observed together, so that a failure shows all three.
 */
async function expectRecovered({ orm, pool }: Opened): Promise<void> {
  const leftover = await afterCut(pool);
  const nextTransactions = (await settle(everySlot(orm), starved(pool))).settled;
  const close = (await settle(orm.close(true), unclosable(pool))).settled;
  expect({ leftover, nextTransactions, close, afterClose: pool.totalCount }).toEqual({
    leftover: { checkedOut: 0, waiting: 0, withoutSession: 0 },
    nextTransactions: "resolved",
    close: "resolved",
    afterClose: 0,
  });
}

/** Keeps the socket from being read: the pool cannot notice yet that the session was cut. */
function stopReading(client: pg.PoolClient): Duplex {
  return client.connection.stream.pause();
}

/** One idle connection whose session is cut while its socket is not read yet. */
async function killedIdleConnection(handle: Opened): Promise<Duplex> {
  await handle.orm.em.getConnection().execute("select 1");
  expect([handle.pool.totalCount, handle.pool.idleCount]).toEqual([1, 1]);
  const [client] = handle.clients;
  expect(client).toBeDefined();
  const socket = stopReading(client!);
  await cut(await sessions());
  return socket;
}

/** Resumes reading once the pool has handed the idle connection out. */
async function resumeOnceCheckedOut(pool: pg.Pool, socket: Duplex): Promise<void> {
  while (pool.idleCount > 0) {
    await sessions();
  }
  socket.resume();
}

const CONNECTION_LOST = /terminat|not queryable|closed|ECONNRESET|EPIPE/i;

describe("database cuts: the pool keeps no dead connection", () => {
  it("a plain query cut in flight fails and gives its connection back", async () => {
    const handle = await open();
    await holder.query("select pg_advisory_lock($1)", [LOCK]);
    const query = handle.orm.em.getConnection().execute(`select pg_advisory_lock(${LOCK})`);
    await cut(await blocked());
    const outcome = await settle(query, starved(handle.pool));
    expect(outcome).toMatchObject({ settled: "rejected", error: { message: CONNECTION_LOST } });
    await expectRecovered(handle);
  });

  it("a plain query handed an idle connection whose session was just cut fails fast, and that connection is discarded", async () => {
    const handle = await open();
    const socket = await killedIdleConnection(handle);
    const query = handle.orm.em.getConnection().execute("select 1");
    await resumeOnceCheckedOut(handle.pool, socket);
    const outcome = await settle(query, starved(handle.pool));
    expect(outcome).toMatchObject({ settled: "rejected", error: { message: CONNECTION_LOST } });
    await expectRecovered(handle);
  });

  it("a cut before begin: the transaction fails and its connection is not leaked", async () => {
    const handle = await open();
    const socket = await killedIdleConnection(handle);
    const transaction = handle.orm.em.fork().transactional(em => em.execute("select 1"));
    await resumeOnceCheckedOut(handle.pool, socket);
    const outcome = await settle(transaction, starved(handle.pool));
    expect(outcome).toMatchObject({ settled: "rejected", error: { message: CONNECTION_LOST } });
    await expectRecovered(handle);
  });

  it("a cut mid-transaction, between a provider call and the write that records it", async () => {
    const handle = await open();
    const name = `provider call ${slug()}`;
    const transaction = handle.orm.em.fork().transactional(async em => {
      const pid = await backendPid(em);
      await cut([pid]); // the provider call, during which the database cuts the session
      em.create(Workspace, { name, slug: slug() } as never);
      await em.flush();
    });
    const outcome = await settle(transaction, starved(handle.pool));
    expect(outcome).toMatchObject({ settled: "rejected", error: { message: CONNECTION_LOST } });
    await expectRecovered(handle);
    expect(await workspaceExists(name)).toBe(false);
  });

  it("a cut mid-transaction, while a statement is in flight", async () => {
    const handle = await open();
    await holder.query("select pg_advisory_lock($1)", [LOCK]);
    const transaction = handle.orm.em.fork().transactional(async em => {
      await em.execute("select 1");
      await em.execute(`select pg_advisory_lock(${LOCK})`);
    });
    await cut(await blocked());
    const outcome = await settle(transaction, starved(handle.pool));
    expect(outcome).toMatchObject({ settled: "rejected", error: { message: CONNECTION_LOST } });
    await expectRecovered(handle);
  });

  it("a connection dropped mid-transaction without a word from the server", async () => {
    const handle = await open();
    let client: pg.PoolClient | undefined;
    handle.pool.once("acquire", acquired => (client = acquired));
    const transaction = handle.orm.em.fork().transactional(async em => {
      await em.execute("select 1");
      client?.connection.stream.destroy(); // a reset socket: no FATAL message comes first
      await em.execute("select 1");
    });
    const outcome = await settle(transaction, starved(handle.pool));
    expect(outcome).toMatchObject({ settled: "rejected", error: { message: CONNECTION_LOST } });
    await expectRecovered(handle);
  });

  it("a cut at commit: the write is not recorded and the connection is not leaked", async () => {
    const handle = await open();
    const name = `at commit ${slug()}`;
    const transaction = handle.orm.em.fork().transactional(async em => {
      em.create(Workspace, { name, slug: slug() } as never);
      await em.flush();
      const pid = await backendPid(em);
      await cut([pid]);
    });
    const outcome = await settle(transaction, starved(handle.pool));
    expect(outcome).toMatchObject({ settled: "rejected", error: { message: CONNECTION_LOST } });
    await expectRecovered(handle);
    expect(await workspaceExists(name)).toBe(false);
  });

  it("after as many cuts as the pool has connections, the next query and orm.close() still finish", async () => {
    const { orm, pool } = await open();
    for (let i = 0; i < POOL_SIZE; i += 1) {
      const transaction = orm.em.fork().transactional(async em => {
        const pid = await backendPid(em);
        await cut([pid]);
      });
      expect((await settle(transaction, starved(pool))).settled).toBe("rejected");
    }
    // Without the fix the pool is full of dead connections nobody will ever give back: this
    // query is queued forever and the close waits forever for them.
    const next = await settle(orm.em.getConnection().execute("select 1 as ok"), starved(pool));
    const leftover = await afterCut(pool);
    const close = (await settle(orm.close(true), unclosable(pool))).settled;
    expect({ next, leftover, close }).toEqual({
      next: { settled: "resolved", value: [{ ok: 1 }] },
      leftover: { checkedOut: 0, waiting: 0, withoutSession: 0 },
      close: "resolved",
    });
  });

  it("transactions and plain queries in flight, more than the pool holds, cut together in rounds", async () => {
    const handle = await open();
    const { orm, pool } = handle;
    for (let round = 0; round < 3; round += 1) {
      await holder.query("select pg_advisory_lock($1)", [LOCK]);
      const work: Promise<unknown>[] = [
        ...Array.from({ length: POOL_SIZE }, () =>
          orm.em.fork().transactional(async em => {
            await em.execute(`select pg_advisory_lock(${LOCK})`);
            await em.execute(`select pg_advisory_unlock(${LOCK})`);
          }),
        ),
        orm.em
          .getConnection()
          .execute(`select pg_advisory_lock(${LOCK}), pg_advisory_unlock(${LOCK})`),
        orm.em
          .getConnection()
          .execute(`select pg_advisory_lock(${LOCK}), pg_advisory_unlock(${LOCK})`),
      ];
      // Every slot waits on the lock and two callers wait for a slot: cut every session.
      await blocked(POOL_SIZE);
      expect(pool.waitingCount).toBe(2);
      await cut(await sessions());
      // The queued callers get fresh connections; let them through.
      await holder.query("select pg_advisory_unlock($1)", [LOCK]);
      const outcomes = await Promise.all(work.map(one => settle(one, starved(pool))));
      // The callers in flight fail; the queued ones are served by new connections, not by the
      // dead ones their predecessors just gave back.
      const count = (settled: string) =>
        outcomes.filter(outcome => outcome.settled === settled).length;
      expect({ rejected: count("rejected"), resolved: count("resolved") }).toEqual({
        rejected: POOL_SIZE,
        resolved: 2,
      });
    }
    await expectRecovered(handle);
  });
});
