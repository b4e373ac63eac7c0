import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { initOrm, migrate, pendingSchemaChanges, type Orm } from "../../orm/config.js";
import { MIGRATIONS } from "../../orm/migrations/index.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

describe("migrations", () => {
  let database: TestDatabase;
  let orm: Orm;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    orm = await initOrm({ databaseUrl: database.url });
  });
  afterAll(async () => {
    await orm.close(true);
    await database.drop();
  });

  it("apply from an empty database, in order", async () => {
    expect(await orm.migrator.getPending()).toHaveLength(MIGRATIONS.length);
    await migrate(orm);
    expect((await orm.migrator.getExecuted()).map(m => m.name)).toEqual(
      MIGRATIONS.map(m => m.name),
    );
    expect(await orm.migrator.getPending()).toHaveLength(0);
  });

  it("leave no difference between the entities and the schema", async () => {
    expect(await pendingSchemaChanges(orm)).toBe("");
  });

  it("store timestamps with time zone and money as bigint micros with checks", async () => {
    const columns = await orm.em.getConnection().execute(
      `select column_name, data_type from information_schema.columns
       where table_name = 'campaign' and column_name in ('created_at', 'budget_micros')`,
    );
    expect(Object.fromEntries(columns.map(c => [c.column_name, c.data_type]))).toEqual({
      created_at: "timestamp with time zone",
      budget_micros: "bigint",
    });
    const workspaceId = "0193a000-0000-7000-8000-0000000000aa";
    const conn = orm.em.getConnection();
    await conn.execute(
      `insert into workspace (id, created_at, updated_at, name, slug) values (?, now(), now(), 'w', 'w')`,
      [workspaceId],
    );
    const insert = (micros: number, currency: string) =>
      conn.execute(
        `insert into campaign (id, created_at, updated_at, workspace_id, name, objective, budget_micros, budget_currency)
         values (gen_random_uuid(), now(), now(), ?, 'c', 'SALES', ?, ?)`,
        [workspaceId, micros, currency],
      );
    await expect(insert(-1, "USD")).rejects.toThrow(/check/);
    await expect(insert(1, "usd")).rejects.toThrow(/check/);
    await expect(insert(1, "USD")).resolves.toBeDefined();
  });

  it("are idempotent: running them again changes nothing", async () => {
    await migrate(orm);
    expect(await orm.migrator.getExecuted()).toHaveLength(MIGRATIONS.length);
  });
});
