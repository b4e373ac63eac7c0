import type { EntityManager } from "@mikro-orm/postgresql";
import { DEMO_ACCOUNTS } from "../../connectors/demo-accounts.js";
import { PROVIDERS, type ProviderSpec } from "../../connectors/kit/catalog.js";
import { sealSecrets } from "../../platform/vault/sealed-secrets.js";
import type { Vault } from "../../platform/vault/vault.js";
import { uuidv7 } from "../../orm/uuid.js";
import { campaignSmsPlaybook, DEMO_AUDIENCE, smsOutreachAgent } from "./demo-playbooks.js";
import type { Orm } from "../../orm/config.js";
import {
  AdCampaign,
  Agent,
  Campaign,
  Connection,
  Message,
  Order,
  Post,
  Workspace,
} from "../../orm/entities/index.js";

/** Fixed, documented ids so README examples and `npm run token` work against the demo data. */
export const DEMO_WORKSPACE_ID = "0193a000-0000-7000-8000-000000000001";
export const DEMO_USER_ID = "demo-user";

const CAMPAIGNS = [
  { name: "Black Friday 2026", objective: "SALES", budgetMicros: 25_000_000_000, status: "ACTIVE" },
  {
    name: "Spring launch",
    objective: "AWARENESS",
    budgetMicros: 8_000_000_000,
    status: "SCHEDULED",
  },
  { name: "Win-back", objective: "RETENTION", budgetMicros: 1_500_000_000, status: "DRAFT" },
] as const;

function seedCampaign(
  em: EntityManager,
  spec: (typeof CAMPAIGNS)[number],
  connections: Connection[],
) {
  const [sms, instagram, metaAds, shopify] = connections;
  const campaign = em.create(Campaign, {
    workspace: DEMO_WORKSPACE_ID,
    name: spec.name,
    objective: spec.objective,
    status: spec.status,
    budgetMicros: spec.budgetMicros,
    budgetCurrency: "USD",
    audience: DEMO_AUDIENCE,
    playbook: campaignSmsPlaybook(sms!.id, spec.name),
  } as never);
  for (let i = 0; i < 3; i += 1) {
    em.create(Message, {
      workspace: DEMO_WORKSPACE_ID,
      campaign: campaign.id,
      connection: sms!.id,
      channel: "SMS",
      recipient: `+1555010${i}00`,
      status: i === 0 ? "DELIVERED" : "SENT",
    } as never);
  }
  em.create(Post, {
    workspace: DEMO_WORKSPACE_ID,
    campaign: campaign.id,
    connection: instagram!.id,
    network: "instagram",
    body: `${spec.name}: see what's new`,
    status: "PUBLISHED",
    publishedAt: new Date(),
  } as never);
  em.create(AdCampaign, {
    workspace: DEMO_WORKSPACE_ID,
    campaign: campaign.id,
    connection: metaAds!.id,
    platform: "meta_ads",
    name: `${spec.name} (Meta)`,
    status: "ACTIVE",
    dailyBudgetMicros: 50_000_000,
    spendMicros: 123_450_000,
    currency: "USD",
  } as never);
  em.create(Order, {
    workspace: DEMO_WORKSPACE_ID,
    campaign: campaign.id,
    connection: shopify!.id,
    externalId: `#10${campaign.id.slice(-4)}`,
    totalMicros: 89_990_000,
    currency: "USD",
    placedAt: new Date(),
  } as never);
  return campaign;
}

/**
 * Creates the demo workspace and a little of everything, once; later runs change nothing. The
 * messaging connections hold the sandbox demo accounts' credentials, sealed by the vault.
 */
export async function seedDemoWorkspace(
  orm: Orm,
  vault: Vault,
): Promise<{ workspaceId: string; created: boolean }> {
  const em = orm.em.fork();
  if (await em.findOne(Workspace, { id: DEMO_WORKSPACE_ID })) {
    return { workspaceId: DEMO_WORKSPACE_ID, created: false };
  }
  await em.transactional(async tx => {
    tx.create(Workspace, { id: DEMO_WORKSPACE_ID, name: "Demo workspace", slug: "demo" } as never);
    const others = [
      ["instagram", "SOCIAL", "@crosscast.demo"],
      ["meta_ads", "ADS", "Demo ad account"],
      ["shopify", "COMMERCE", "demo.myshopify.com"],
    ].map(([provider, category, displayName]) =>
      tx.create(Connection, {
        workspace: DEMO_WORKSPACE_ID,
        provider,
        category,
        displayName,
        status: "ACTIVE",
      } as never),
    );
    const messaging = DEMO_ACCOUNTS.map(account => {
      const id = uuidv7();
      const provider: ProviderSpec = PROVIDERS[account.provider];
      return tx.create(Connection, {
        id,
        workspace: DEMO_WORKSPACE_ID,
        provider: account.provider,
        category: provider.category,
        displayName: account.displayName,
        externalAccountId: account.externalAccountId,
        status: "ACTIVE",
        settings: account.settings,
        // The grant the sandbox's demo account stands for: the catalog's scopes (OAuth providers).
        scopes: provider.oauth?.scopes ?? [],
        secrets: sealSecrets(vault, { id, workspace: DEMO_WORKSPACE_ID }, account.secrets),
        lastVerifiedAt: new Date(),
      } as never);
    });
    const twilio = messaging.find(connection => connection.provider === "twilio")!;
    const connections = [twilio, ...others];
    for (const spec of CAMPAIGNS) {
      seedCampaign(tx, spec, connections);
    }
    tx.create(Agent, {
      workspace: DEMO_WORKSPACE_ID,
      name: "SMS outreach",
      description: "Texts an audience through the Twilio sandbox's demo number.",
      ...smsOutreachAgent(twilio.id),
    } as never);
  });
  return { workspaceId: DEMO_WORKSPACE_ID, created: true };
}
