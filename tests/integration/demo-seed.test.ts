import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { DEMO_WORKSPACE_ID, seedDemoWorkspace } from "../../app/seed/demo.seeder.js";
import { parseVaultKeys, Vault } from "../../platform/vault/vault.js";
import { openSecrets } from "../../platform/vault/sealed-secrets.js";
import { Agent, Campaign, Connection } from "../../orm/entities/index.js";
import { readSupergraphSdl } from "../../schema/files.js";
import { buildApiSchema } from "../../subgraphs/orchestration/playbook/api-schema.js";
import { checkPlaybookInput } from "../../subgraphs/orchestration/playbook/playbook-input.js";
import { createTestOrm, type TestOrm } from "../support/test-database.js";

const vault = new Vault(parseVaultKeys(`demo:${Buffer.alloc(32, 9).toString("base64")}`));

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
    await expect(seedDemoWorkspace(db.orm, vault)).resolves.toEqual({
      workspaceId: DEMO_WORKSPACE_ID,
      created: true,
    });
    expect(await counts()).toEqual({ campaigns: 3, messages: 9, connections: 8 });
  });

  it("connects every messaging provider's sandbox demo account, with its secrets sealed", async () => {
    const rows = await db.orm.em
      .fork()
      .find(
        Connection,
        { workspace: DEMO_WORKSPACE_ID, category: "MESSAGING" },
        { populate: ["secrets"] as never, orderBy: { provider: "asc" } },
      );
    expect(rows.map(row => row.provider)).toEqual([
      "gmail",
      "sendgrid",
      "slack",
      "twilio",
      "whatsapp",
    ]);
    for (const row of rows) {
      expect(row.secrets).toMatch(/^v1\.demo\./);
      expect(Object.keys(openSecrets(vault, row)).length).toBeGreaterThan(0);
    }
  });

  it("gives its agent and campaigns playbooks that pass the checks a save through the API runs", async () => {
    const em = db.orm.em.fork();
    const [agent] = await em.find(Agent, { workspace: DEMO_WORKSPACE_ID });
    const apiSchema = buildApiSchema(await readSupergraphSdl());
    expect(
      checkPlaybookInput(apiSchema, "playbook", agent!.playbook, agent!.defaultInputs),
    ).toBeDefined();
    const campaigns = await em.find(Campaign, { workspace: DEMO_WORKSPACE_ID });
    for (const campaign of campaigns) {
      expect(campaign.audience.length).toBeGreaterThan(0);
      expect(checkPlaybookInput(apiSchema, "playbook", campaign.playbook!)).toBeDefined();
    }
  });

  it("changes nothing when run again (every start runs it)", async () => {
    await expect(seedDemoWorkspace(db.orm, vault)).resolves.toEqual({
      workspaceId: DEMO_WORKSPACE_ID,
      created: false,
    });
    expect(await counts()).toEqual({ campaigns: 3, messages: 9, connections: 8 });
  });
});
