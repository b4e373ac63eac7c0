import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { DEMO_WORKSPACE_ID, seedDemoWorkspace } from "../../orm/seed/demo.seeder.js";
import { createTestOrm, type TestOrm } from "../support/test-database.js";

describe("the demo workspace seed", () => {
  let db: TestOrm;
  const counts = async () =>
    (
      await db.orm.em.getConnection().execute(
        `select (select count(*) from campaign)::int as campaigns, (select count(*) from message)::int as messages,
                (select count(*) from connection)::int as connections`,
      )
    )[0];

  beforeAll(async () => {
    db = await createTestOrm();
  });
  afterAll(() => db.close());

  it("creates the documented workspace with a little of everything", async () => {
    await expect(seedDemoWorkspace(db.orm)).resolves.toEqual({
      workspaceId: DEMO_WORKSPACE_ID,
      created: true,
    });
    expect(await counts()).toEqual({ campaigns: 3, messages: 9, connections: 4 });
  });

  it("changes nothing when run again (every start runs it)", async () => {
    await expect(seedDemoWorkspace(db.orm)).resolves.toEqual({
      workspaceId: DEMO_WORKSPACE_ID,
      created: false,
    });
    expect(await counts()).toEqual({ campaigns: 3, messages: 9, connections: 4 });
  });
});
