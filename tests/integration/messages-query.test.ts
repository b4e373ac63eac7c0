import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Connection, Message } from "../../orm/entities/index.js";
import { makeCampaigns, makeWorkspace } from "../support/factories.js";
import { startTestSupergraph, type TestSupergraph } from "../support/test-supergraph.js";

interface Row {
  id: string;
  recipient: string;
  channel: string;
  status: string;
}

const FIELDS = "id recipient channel status";

// `messages`: the workspace's messages newest first, narrowed by filters, paged with keyset
// cursors (`first`, `after`), through the gateway.
describe("the messages query", () => {
  let t: TestSupergraph;
  let token: string;
  let campaignId: string;
  let otherCampaignId: string;
  let factoryConnection: string;
  let emailAndSms: string;
  const list = async (args: string) => {
    const result = await t.query<{ messages: Row[] }>(token, `{ messages${args} { ${FIELDS} } }`);
    expect(result.errors).toBeUndefined();
    return result.data!.messages;
  };

  beforeAll(async () => {
    t = await startTestSupergraph();
    const workspace = (await makeWorkspace(t.orm)).id;
    token = await t.tokenFor(workspace);
    // Two campaigns, each with one SMS, post, ad campaign and order (the factory's).
    const campaigns = await makeCampaigns(t.orm, workspace, 2);
    [campaignId, otherCampaignId] = campaigns.map(campaign => campaign.id) as [string, string];
    const em = t.orm.em.fork();
    factoryConnection = (await em.findOneOrFail(Message, { campaign: campaignId })).connection!;
    emailAndSms = em.create(Connection, {
      workspace,
      provider: "sendgrid",
      category: "MESSAGING",
      displayName: "Another",
      status: "ACTIVE",
    } as never).id;
    for (let i = 0; i < 5; i += 1) {
      em.create(Message, {
        workspace,
        campaign: campaignId,
        connection: emailAndSms,
        channel: i % 2 ? "EMAIL" : "SMS",
        recipient: i % 2 ? `reader${i}@example.com` : `+1415555020${i}`,
        status: i < 2 ? "DELIVERED" : "FAILED",
      } as never);
    }
    await em.flush();
    // Another workspace's messages never show.
    await makeCampaigns(t.orm, (await makeWorkspace(t.orm)).id, 3);
  });
  afterAll(() => t.stop());

  it("lists only the workspace's messages, newest first", async () => {
    const all = await list("(first: 100)");
    expect(all).toHaveLength(7);
    const ids = all.map(row => row.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it("narrows by campaign, connection, channel, status and recipient, together or apart", async () => {
    expect(await list(`(campaignId: "${campaignId}")`)).toHaveLength(6);
    expect(await list(`(campaignId: "${otherCampaignId}")`)).toHaveLength(1);
    expect(await list(`(connectionId: "${factoryConnection}")`)).toHaveLength(2);
    expect(await list(`(connectionId: "${emailAndSms}")`)).toHaveLength(5);
    expect((await list("(channel: EMAIL)")).map(row => row.recipient).sort()).toEqual([
      "reader1@example.com",
      "reader3@example.com",
    ]);
    expect(await list("(status: FAILED)")).toHaveLength(3);
    const narrowed = await list(`(channel: SMS, status: FAILED, campaignId: "${campaignId}")`);
    // Rows made in the same millisecond are ordered by their ids' random part: compare as a set.
    expect(narrowed.map(row => row.recipient).sort()).toEqual(["+14155550202", "+14155550204"]);
    expect(await list('(recipient: " +14155550200 ")')).toEqual([
      expect.objectContaining({ status: "DELIVERED", channel: "SMS" }),
    ]);
  });

  it("pages with first and after: every message once, in order, then an empty page", async () => {
    const all = await list("(first: 100)");
    const seen: string[] = [];
    let after = "";
    for (;;) {
      const page = await list(`(first: 3${after ? `, after: "${after}"` : ""})`);
      if (page.length === 0) {
        break;
      }
      expect(page.length).toBeLessThanOrEqual(3);
      seen.push(...page.map(row => row.id));
      after = page.at(-1)!.id;
    }
    expect(seen).toEqual(all.map(row => row.id));
  });

  it("refuses bad arguments with BAD_USER_INPUT naming the argument", async () => {
    for (const [args, field] of [
      ["(first: 0)", "first"],
      ["(first: 1001)", "first"],
      ['(after: "not-an-id")', "after"],
      ['(campaignId: "nope")', "campaignId"],
      ['(recipient: "  ")', "recipient"],
    ]) {
      const result = await t.query(token, `{ messages${args} { id } }`);
      expect({ args, extensions: result.errors?.[0]?.extensions }).toMatchObject({
        args,
        extensions: { code: "BAD_USER_INPUT", field },
      });
    }
  });
});
