import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Orm } from "../../orm/config.js";

export interface MessageWriteOutage {
  /** The database answers again. */
  end(): Promise<void>;
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** A connection of the test's own, beside the application's pool. */
async function connect(orm: Orm): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: String(orm.config.get("clientUrl")) });
  await client.connect();
  return client;
}

/**
 * The database goes away for one recipient's messages, as when it is cut between the provider
 * call and the write that records the provider's answer: until `end`, every write to such a
 * message fails (a trigger raises), so the row stays as first recorded (QUEUED), and the status
 * callbacks that arrive meanwhile cannot be applied either.
 *
 * The sessions are left alive on purpose: a session killed under the application (as
 * pg_terminate_backend does) can be handed out again by its pool before the pool notices, and a
 * transaction begun or rolled back on it never gives its connection back (Kysely's controlled
 * transactions), which would leak the pool's connections here rather than test settlement.
 */
export async function startMessageWriteOutage(
  orm: Orm,
  recipient: string,
): Promise<MessageWriteOutage> {
  const name = `test_outage_${randomBytes(4).toString("hex")}`;
  const client = await connect(orm);
  await client.query(
    `create function ${name}() returns trigger language plpgsql as $$
     begin
       raise exception 'the database is unreachable (test outage)';
     end $$`,
  );
  await client.query(
    `create trigger ${name} before update on message for each row
     when (old.recipient = ${literal(recipient)}) execute function ${name}()`,
  );
  return {
    async end() {
      try {
        await client.query(`drop trigger ${name} on message`);
        await client.query(`drop function ${name}()`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface SettlingWrites {
  /** How many writes gave the message its provider id (a settled message has exactly one). */
  count(messageId: string): Promise<number>;
  stop(): Promise<void>;
}

/** Counts the writes that record a provider id on a message that had none. */
export async function countSettlingWrites(orm: Orm): Promise<SettlingWrites> {
  const name = `test_settling_${randomBytes(4).toString("hex")}`;
  const client = await connect(orm);
  await client.query(`create table ${name} (message_id uuid not null)`);
  await client.query(
    `create function ${name}() returns trigger language plpgsql as $$
     begin
       insert into ${name} (message_id) values (new.id);
       return new;
     end $$`,
  );
  await client.query(
    `create trigger ${name} after update on message for each row
     when (old.provider_message_id is null and new.provider_message_id is not null)
     execute function ${name}()`,
  );
  return {
    async count(messageId) {
      const result = await client.query<{ writes: number }>(
        `select count(*)::int as writes from ${name} where message_id = $1`,
        [messageId],
      );
      return result.rows[0]?.writes ?? 0;
    },
    async stop() {
      try {
        await client.query(`drop trigger ${name} on message`);
        await client.query(`drop function ${name}()`);
        await client.query(`drop table ${name}`);
      } finally {
        await client.end();
      }
    },
  };
}
