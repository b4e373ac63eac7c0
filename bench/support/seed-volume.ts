import pg from "pg";
import { TWILIO_DEMO_SANDBOX } from "../../connectors/twilio/twilio.demo.js";
import { uuidv7 } from "../../orm/uuid.js";
import { sealSecrets } from "../../platform/vault/sealed-secrets.js";
import type { Vault } from "../../platform/vault/vault.js";

export interface Volume {
  campaigns: number;
  messages: number;
  executions: number;
}

export interface SeededWorkspace {
  workspaceId: string;
  twilioConnectionId: string;
}

/**
 * A workspace with realistic volume, written with set-based SQL (seconds, not minutes): campaigns,
 * messages spread over them, posts, ad campaigns, orders, finished executions, and a Twilio
 * connection to the sandbox's demo account for sending.
 */
export async function seedVolume(
  databaseUrl: string,
  vault: Vault,
  volume: Volume,
): Promise<SeededWorkspace> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const workspaceId = uuidv7();
  const twilioConnectionId = uuidv7();
  try {
    await client.query("begin");
    await client.query(
      `insert into workspace (id, created_at, updated_at, name, slug) values ($1, now(), now(), 'Bench', $2)`,
      [workspaceId, `bench-${Date.now()}`],
    );
    await client.query(
      `insert into connection (id, created_at, updated_at, workspace_id, provider, category, display_name, status,
         external_account_id, settings, secrets)
       values ($1, now(), now(), $2, 'twilio', 'MESSAGING', 'Bench SMS', 'ACTIVE', $3, $4, $5)`,
      [
        twilioConnectionId,
        workspaceId,
        TWILIO_DEMO_SANDBOX.accountSid,
        JSON.stringify(TWILIO_DEMO_SANDBOX.settings),
        sealSecrets(
          vault,
          { id: twilioConnectionId, workspace: workspaceId },
          { ...TWILIO_DEMO_SANDBOX.secrets },
        ),
      ],
    );
    await client.query(
      `insert into campaign (id, created_at, updated_at, workspace_id, name, objective, status, budget_micros, budget_currency)
       select gen_random_uuid(), now() - make_interval(secs => i), now(), $1, 'Campaign ' || i, 'SALES', 'ACTIVE',
              (1000 + i) * 1000000, 'USD'
       from generate_series(1, $2) i`,
      [workspaceId, volume.campaigns],
    );
    const campaignRows = `(select id, row_number() over (order by id) - 1 as n from campaign where workspace_id = $1)`;
    await client.query(
      `insert into message (id, created_at, updated_at, workspace_id, campaign_id, connection_id, channel, provider,
         recipient, status)
       select gen_random_uuid(), now(), now(), $1, c.id, $2, 'SMS', 'twilio', '+1415' || lpad(i::text, 7, '0'),
              (array['SENT','DELIVERED','READ','FAILED'])[1 + i % 4]
       from generate_series(1, $3) i join ${campaignRows} c on c.n = i % $4`,
      [workspaceId, twilioConnectionId, volume.messages, volume.campaigns],
    );
    await client.query(
      `insert into post (id, created_at, updated_at, workspace_id, campaign_id, network, body, status)
       select gen_random_uuid(), now(), now(), $1, c.id, 'instagram', 'Post', 'PUBLISHED' from ${campaignRows} c`,
      [workspaceId],
    );
    await client.query(
      `insert into ad_campaign (id, created_at, updated_at, workspace_id, campaign_id, platform, name, status,
         daily_budget_micros, spend_micros, currency)
       select gen_random_uuid(), now(), now(), $1, c.id, 'meta_ads', 'Ads', 'ACTIVE', 50000000, 12345000, 'USD'
       from ${campaignRows} c`,
      [workspaceId],
    );
    await client.query(
      `insert into commerce_order (id, created_at, updated_at, workspace_id, campaign_id, external_id, total_micros,
         currency, placed_at)
       select gen_random_uuid(), now(), now(), $1, c.id, '#' || c.n, 89990000, 'USD', now() from ${campaignRows} c`,
      [workspaceId],
    );
    await client.query(
      `insert into execution (id, created_at, updated_at, workspace_id, campaign_id, status, mode, progress,
         started_at, finished_at)
       select gen_random_uuid(), now() - make_interval(secs => i), now(), $1, c.id, 'SUCCEEDED', 'LIVE', 100, now(), now()
       from generate_series(1, $2) i join ${campaignRows} c on c.n = i % $3`,
      [workspaceId, volume.executions, volume.campaigns],
    );
    await client.query("commit");
    await client.query("analyze");
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    await client.end();
  }
  return { workspaceId, twilioConnectionId };
}
