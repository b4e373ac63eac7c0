import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { initOrm, migrate } from "../../orm/config.js";
import {
  Agent,
  Campaign,
  Connection,
  Execution,
  ExecutionEvent,
} from "../../orm/entities/index.js";
import { makeWorkspace } from "../support/factories.js";
import { createTestDatabase, createTestOrm, type TestOrm } from "../support/test-database.js";

// A JSON column left out when a row is created holds an empty object or list, never the text
// of one ("{}" stored as a JSON string reads back as a string and breaks every API that lists it).
describe("JSON columns created without a value", () => {
  let db: TestOrm;

  beforeAll(async () => {
    db = await createTestOrm();
  });
  afterAll(() => db.close());

  it("hold JSON objects and lists, in memory and in the database", async () => {
    const workspace = (await makeWorkspace(db.orm)).id;
    const em = db.orm.em.fork();
    const agent = em.create(Agent, { workspace, name: "Bare" } as never);
    const campaign = em.create(Campaign, {
      workspace,
      name: "Bare",
      objective: "SALES",
      budgetMicros: 0,
      budgetCurrency: "USD",
    } as never);
    const connection = em.create(Connection, {
      workspace,
      provider: "twilio",
      category: "MESSAGING",
      displayName: "Bare",
      status: "ACTIVE",
    } as never);
    const execution = em.create(Execution, { workspace, agent: agent.id } as never);
    em.create(ExecutionEvent, {
      workspace,
      execution: execution.id,
      seq: 1,
      type: "EXECUTION_STARTED",
    } as never);
    await em.flush();
    expect([agent.playbook, agent.defaultInputs, execution.inputs]).toEqual([{}, {}, {}]);
    expect([campaign.audience, connection.settings, connection.scopes]).toEqual([[], {}, []]);

    const types = await db.orm.em.getConnection().execute(
      `select 'agent' as t, jsonb_typeof(playbook) as a, jsonb_typeof(default_inputs) as b from agent
       union all select 'campaign', jsonb_typeof(audience), null from campaign
       union all select 'connection', jsonb_typeof(settings), jsonb_typeof(scopes) from connection
       union all select 'execution', jsonb_typeof(playbook), jsonb_typeof(inputs) from execution
       union all select 'event', jsonb_typeof(payload), null from execution_event`,
    );
    expect(types).toEqual([
      { t: "agent", a: "object", b: "object" },
      { t: "campaign", a: "array", b: null },
      { t: "connection", a: "object", b: "array" },
      { t: "execution", a: "object", b: "object" },
      { t: "event", a: "object", b: null },
    ]);
  });
});

describe("the json_values migration", () => {
  it("turns the JSON strings '{}' and '[]' that older rows hold into the values they spell", async () => {
    const database = await createTestDatabase({ empty: true });
    const orm = await initOrm({ databaseUrl: database.url });
    try {
      await orm.migrator.up({ to: "Migration20261125042857_executions" });
      const sql = orm.em.getConnection();
      const workspace = "0193a000-0000-7000-8000-0000000000bb";
      await sql.execute(
        `insert into workspace (id, created_at, updated_at, name, slug) values (?, now(), now(), 'w', 'w')`,
        [workspace],
      );
      await sql.execute(
        `insert into agent (id, created_at, updated_at, workspace_id, name, playbook, default_inputs)
         values (gen_random_uuid(), now(), now(), ?, 'old', '"{}"', '{"keep": "\\"{}\\""}')`,
        [workspace],
      );
      await sql.execute(
        `insert into campaign (id, created_at, updated_at, workspace_id, name, objective, budget_micros, budget_currency, audience)
         values (gen_random_uuid(), now(), now(), ?, 'old', 'SALES', 0, 'USD', '"[]"')`,
        [workspace],
      );
      await migrate(orm);
      const [agent] = await sql.execute(`select playbook, default_inputs from agent`);
      const [campaign] = await sql.execute(`select audience from campaign`);
      expect(agent).toEqual({ playbook: {}, default_inputs: { keep: '"{}"' } });
      expect(campaign).toEqual({ audience: [] });
    } finally {
      await orm.close(true);
      await database.drop();
    }
  });
});
