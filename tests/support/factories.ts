import type { EntityManager } from "@mikro-orm/postgresql";
import {
  AdCampaign,
  Campaign,
  Connection,
  Execution,
  Message,
  Order,
  Post,
  Workspace,
} from "../../orm/entities/index.js";
import type { Orm } from "../../orm/config.js";

let sequence = 0;
const next = () => (sequence += 1);

export async function makeWorkspace(orm: Orm, name = `Workspace ${next()}`): Promise<Workspace> {
  const em = orm.em.fork();
  const workspace = em.create(Workspace, { name, slug: `ws-${next()}-${Date.now()}` } as never);
  await em.flush();
  return workspace;
}

export function campaignData(workspaceId: string, overrides: Partial<Campaign> = {}) {
  return {
    workspace: workspaceId,
    name: `Campaign ${next()}`,
    objective: "SALES",
    budgetMicros: 1_000_000_000,
    budgetCurrency: "USD",
    ...overrides,
  } as never;
}

/** Campaigns with one message, post, ad campaign and order each, plus an execution. */
export async function makeCampaigns(
  orm: Orm,
  workspaceId: string,
  count: number,
): Promise<Campaign[]> {
  const em: EntityManager = orm.em.fork();
  const connection = em.create(Connection, {
    workspace: workspaceId,
    provider: "twilio",
    category: "MESSAGING",
    displayName: "Test connection",
    status: "ACTIVE",
  } as never);
  const campaigns: Campaign[] = [];
  for (let i = 0; i < count; i += 1) {
    const campaign = em.create(Campaign, campaignData(workspaceId));
    const owned = { workspace: workspaceId, campaign: campaign.id, connection: connection.id };
    em.create(Message, {
      ...owned,
      channel: "SMS",
      recipient: "+15550100",
      status: "SENT",
    } as never);
    em.create(Post, {
      ...owned,
      network: "instagram",
      body: "Hello",
      status: "PUBLISHED",
    } as never);
    em.create(AdCampaign, {
      ...owned,
      platform: "meta_ads",
      name: "Ads",
      dailyBudgetMicros: 10_000_000,
      spendMicros: 2_500_000,
      currency: "USD",
    } as never);
    em.create(Order, {
      ...owned,
      externalId: `#${next()}`,
      totalMicros: 42_000_000,
      currency: "EUR",
      placedAt: new Date(),
    } as never);
    em.create(Execution, {
      workspace: workspaceId,
      campaign: campaign.id,
      status: "SUCCEEDED",
    } as never);
    campaigns.push(campaign);
  }
  await em.flush();
  return campaigns;
}
