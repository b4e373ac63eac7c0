import { randomBytes } from "node:crypto";
import { dropDatabase, ensureDatabase } from "../../orm/database.js";
import { initOrm, type Orm } from "../../orm/config.js";
import { QueryCounter } from "../../testing/query-counter.js";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) {
    throw new Error("TEST_PG_ADMIN_URL is not set: run tests through `npm test`");
  }
  return url;
}

/** A fresh database for one test file: a clone of the migrated template, or empty. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `crosscast_test_${randomBytes(5).toString("hex")}`;
  const template = options.empty ? undefined : process.env.TEST_PG_TEMPLATE;
  const url = await ensureDatabase(adminUrl(), name, template);
  return { url, drop: () => dropDatabase(adminUrl(), name) };
}

export interface TestOrm {
  orm: Orm;
  queries: QueryCounter;
  close(): Promise<void>;
}

/** A migrated database of its own and an ORM on it that counts its SQL statements. */
export async function createTestOrm(): Promise<TestOrm> {
  const database = await createTestDatabase();
  const queries = new QueryCounter();
  const orm = await initOrm({ databaseUrl: database.url, queryLogger: queries, poolSize: 20 });
  return {
    orm,
    queries,
    async close() {
      await orm.close(true);
      await database.drop();
    },
  };
}
