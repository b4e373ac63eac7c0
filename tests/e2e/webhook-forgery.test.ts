import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { DEMO_ACCOUNTS } from "../../connectors/demo-accounts.js";
import { PROVIDER_KEYS } from "../../connectors/kit/catalog.js";
import {
  deploymentProviders,
  sandboxAppCredentials,
} from "../../connectors/kit/provider-config.js";
import { signMeta } from "../../connectors/families/meta/meta.webhooks.js";
import { signSendGrid } from "../../connectors/sendgrid/sendgrid.webhooks.js";
import { signSlack } from "../../connectors/slack/slack.webhooks.js";
import { signTwilio } from "../../connectors/twilio/twilio.webhooks.js";
import { MESSAGE_ID_ARG } from "../../connectors/sendgrid/sendgrid.mapper.js";
import { signingKeyFromSeed } from "../../connectors/sendgrid/sendgrid.sandbox-state.js";
import { createDryRunCallbacks } from "../../connectors/runtime/dry-run-sandbox.js";
import {
  connectOAuth,
  connectWithCredentials,
  sandboxesOf,
  sendMessage,
} from "../support/connections.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

/**
 * Every secret an attacker can read in the public source or derive from it: the demo accounts'
 * credentials, the sandboxes' former fixed app secrets, the SendGrid demo key's public seed, and
 * the app secrets another deployment's sandboxes use.
 */
function publicSecrets(): string[] {
  // Settings (numbers, ids, public keys) sign nothing; the demo accounts' secrets might.
  const fromDemo = DEMO_ACCOUNTS.flatMap(account => Object.values(account.secrets)).filter(
    (value): value is string => typeof value === "string",
  );
  const fixed = PROVIDER_KEYS.flatMap(key => [
    `sandbox-${key}-webhook-secret`,
    `sandbox-${key}-client-secret`,
    ...Object.values(sandboxAppCredentials(key, "another deployment's sandbox secret")),
  ]);
  return [...new Set([...fromDemo, ...fixed])];
}

const SENDGRID_DEMO_KEY = signingKeyFromSeed("crosscast sendgrid sandbox demo account");
const VICTIM_PHONE = "+14155550177";
const VICTIM_EMAIL = "victim@example.com";

interface Forgery {
  headers: Record<string, string>;
  body: string;
}

describe("webhooks signed with public demo or sandbox secrets", () => {
  let t: TestStack;
  let token: string;
  const ids: Record<string, string> = {};
  const sent: Record<string, { id: string; providerMessageId: string }> = {};
  let twilioToken: string;
  let whatsappPhone: string;
  let slackTeam: string;
  let sequence = 0;
  const eventId = () => `forged-${(sequence += 1)}`;

  const rowCounts = async () => {
    const rows = await t.orm.em
      .fork()
      .getConnection()
      .execute<Array<Record<string, string>>>(
        `select (select count(*) from suppression) as suppressions,
                (select count(*) from webhook_event where payload::text like '%forged-%') as events,
                (select count(*) from message where status = 'FAILED') as failed,
                (select count(*) from connection where status <> 'ACTIVE') as inactive`,
      );
    return rows[0];
  };

  beforeAll(async () => {
    // The sandboxes' own status callbacks stay away, so the real messages stay SENT: a forged
    // failure could move them on.
    t = await startTestStack({ sandboxStatusDelayMs: 3_600_000 });
    token = await t.tokenFor((await makeWorkspace(t.orm)).id);
    const sandboxes = sandboxesOf(t).sandboxes;
    const twilio = sandboxes.twilio.createAccount();
    twilioToken = twilio.authToken;
    ids.twilio = await connectWithCredentials(t, token, "twilio", { ...twilio });
    const wa = sandboxes.whatsapp.createAccount();
    whatsappPhone = wa.phoneNumberId;
    ids.whatsapp = await connectWithCredentials(t, token, "whatsapp", {
      accessToken: wa.accessToken,
      phoneNumberId: wa.phoneNumberId,
      wabaId: wa.wabaId,
    });
    const sg = sandboxes.sendgrid.createAccount();
    ids.sendgrid = await connectWithCredentials(t, token, "sendgrid", {
      apiKey: sg.apiKey,
      fromEmail: sg.fromEmail,
    });
    ids.slack = await connectOAuth(t, token, "slack");
    ids.gmail = await connectOAuth(t, token, "gmail");
    slackTeam = (await t.query<{ connection: { externalAccountId: string } }>(
      token,
      `query($id: ID!) { connection(id: $id) { externalAccountId } }`,
      { id: ids.slack },
    ))!.data!.connection.externalAccountId;
    for (const [provider, to] of [
      ["twilio", "+14155550178"],
      ["whatsapp", "+14155550179"],
      ["sendgrid", "reader@example.com"],
    ] as const) {
      const result = await sendMessage(t, token, {
        connectionId: ids[provider],
        to,
        text: "A real message",
        ...(provider === "sendgrid" ? { subject: "Real" } : {}),
        idempotencyKey: `real-${provider}`,
      });
      const message = result.data!.sendMessage;
      sent[provider] = { id: message.id, providerMessageId: message.providerMessageId! };
    }
  });
  afterAll(() => t.stop());

  const url = (path: string) => `${t.stack.publicUrl}${path}`;

  /** The request an attacker signs with `secret`: opt-outs, a failure with an opt-out code, a revocation. */
  const forge: Record<string, (secret: string, at: string) => Forgery[]> = {
    twilio: (secret, at) => {
      const inbound = {
        MessageSid: `SM${eventId()}`,
        From: VICTIM_PHONE,
        To: "+15005550006",
        Body: "STOP",
      };
      const failed = {
        MessageSid: sent.twilio!.providerMessageId,
        MessageStatus: "undelivered",
        ErrorCode: "21610",
      };
      return [inbound, failed].map(params => ({
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signTwilio(secret, url(at), params),
          "i-twilio-idempotency-token": eventId(),
        },
        body: new URLSearchParams(params).toString(),
      }));
    },
    sendgrid: (secret, _at) => {
      const body = JSON.stringify([
        { email: VICTIM_EMAIL, event: "unsubscribe", sg_event_id: eventId(), timestamp: 1 },
        {
          email: "reader@example.com",
          event: "bounce",
          sg_event_id: eventId(),
          sg_message_id: `${sent.sendgrid!.providerMessageId}.filter`,
          [MESSAGE_ID_ARG]: sent.sendgrid!.id,
          timestamp: 1,
        },
      ]);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const keys = secret.includes("PRIVATE KEY") ? [secret] : [];
      return keys.map(pem => ({
        headers: {
          "content-type": "application/json",
          "x-twilio-email-event-webhook-signature": signSendGrid(pem, timestamp, body),
          "x-twilio-email-event-webhook-timestamp": timestamp,
        },
        body,
      }));
    },
    whatsapp: secret => {
      const body = JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            id: "waba",
            changes: [
              {
                field: "messages",
                value: {
                  messaging_product: "whatsapp",
                  metadata: { display_phone_number: "15550100", phone_number_id: whatsappPhone },
                  messages: [
                    {
                      from: VICTIM_PHONE.slice(1),
                      id: `wamid.${eventId()}`,
                      timestamp: "1",
                      type: "text",
                      text: { body: "STOP" },
                    },
                  ],
                  statuses: [
                    {
                      id: sent.whatsapp!.providerMessageId,
                      status: "failed",
                      timestamp: "1",
                      recipient_id: "14155550179",
                      errors: [{ code: 131050, title: "stopped marketing" }],
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      return [
        {
          headers: {
            "content-type": "application/json",
            "x-hub-signature-256": signMeta(secret, body),
          },
          body,
        },
      ];
    },
    slack: secret => {
      const body = JSON.stringify({
        type: "event_callback",
        team_id: slackTeam,
        event_id: eventId(),
        event: { type: "app_uninstalled" },
      });
      const now = Math.floor(Date.now() / 1000);
      return [
        {
          headers: {
            "content-type": "application/json",
            "x-slack-request-timestamp": String(now),
            "x-slack-signature": signSlack(secret, now, body),
          },
          body,
        },
      ];
    },
    gmail: () => [{ headers: { "content-type": "application/json" }, body: "{}" }],
  };

  /** Every route a forged webhook may try: app-level and per connection, claiming a dry run or not. */
  const paths = (provider: string) => {
    const base = `/webhooks/${provider}`;
    const connection = `${base}/${ids[provider]}`;
    const real = sent[provider]?.id ?? ids[provider];
    return [
      base,
      `${base}?dry=1`,
      connection,
      `${connection}?dry=1`,
      `${connection}?mid=${real}&dry=1`,
      `${connection}?mid=${real}&dry=${"A".repeat(43)}`,
    ];
  };

  it.each(["twilio", "sendgrid", "whatsapp", "slack", "gmail"])(
    "%s: every forgery, with and without a dry-run claim, is refused and changes no row",
    async provider => {
      const before = await rowCounts();
      const secrets = [...publicSecrets(), SENDGRID_DEMO_KEY.privateKeyPem];
      const forgeries = paths(provider).flatMap(path =>
        secrets.flatMap(secret =>
          forge[provider]!(secret, path).map(forgery => ({ path, forgery })),
        ),
      );
      // Eight at a time: the answers are what matter, not their order.
      const statuses: number[] = [];
      for (let i = 0; i < forgeries.length; i += 8) {
        const batch = forgeries.slice(i, i + 8).map(async ({ path, forgery }) => {
          const answer = await fetch(url(path), {
            method: "POST",
            headers: forgery.headers,
            body: forgery.body,
          });
          await answer.arrayBuffer();
          return answer.status;
        });
        statuses.push(...(await Promise.all(batch)));
      }
      const attempts = statuses.length;
      expect(statuses.filter(status => status !== 401 && status !== 404)).toEqual([]);
      expect(attempts).toBeGreaterThan(0);
      expect(await rowCounts()).toEqual(before);
    },
  );

  it("a genuine dry-run token names one message: used for another, or for a real one, it changes nothing", async () => {
    const before = await rowCounts();
    const tokens = createDryRunCallbacks(t.config.providers.sandboxSecret);
    const twilioDemo = DEMO_ACCOUNTS.find(account => account.provider === "twilio")!;
    const real = sent.twilio!;
    const params = {
      MessageSid: real.providerMessageId,
      MessageStatus: "undelivered",
      ErrorCode: "21610",
    };
    const post = (path: string) =>
      fetch(url(path), {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signTwilio(twilioDemo.secrets.authToken!, url(path), params),
          "i-twilio-idempotency-token": eventId(),
        },
        body: new URLSearchParams(params),
      });
    const other = "0190a000-0000-7000-8000-000000000001";
    const swapped = `/webhooks/twilio/${ids.twilio}?mid=${real.id}&dry=${tokens.token("twilio", ids.twilio!, other)}`;
    expect((await post(swapped)).status).toBe(401);
    // The right token for a real message is accepted as a dry run's, and finds no dry-run row.
    const own = `/webhooks/twilio/${ids.twilio}?mid=${real.id}&dry=${tokens.token("twilio", ids.twilio!, real.id)}`;
    expect((await post(own)).status).toBe(200);
    // Stored, and ignored: no dry-run message has that id.
    expect(await rowCounts()).toEqual({ ...before, events: String(Number(before!.events) + 1) });
    const status = await t.query<{ message: { status: string } }>(
      token,
      `query($id: ID!) { message(id: $id) { status } }`,
      { id: real.id },
    );
    expect(status.data?.message.status).toBe("SENT");
  });

  it("the same requests signed with the connection's own secrets do change rows", async () => {
    const before = await rowCounts();
    const config = deploymentProviders(t.config.providers);
    const signed = [
      ...forge.twilio!(twilioToken, `/webhooks/twilio/${ids.twilio}`).map(f => ({
        f,
        path: `/webhooks/twilio/${ids.twilio}`,
      })),
      ...forge.whatsapp!(config.whatsapp.webhookSecret!, "/webhooks/whatsapp").map(f => ({
        f,
        path: "/webhooks/whatsapp",
      })),
      ...forge.slack!(config.slack.webhookSecret!, "/webhooks/slack").map(f => ({
        f,
        path: "/webhooks/slack",
      })),
    ];
    for (const { f, path } of signed) {
      const answer = await fetch(url(path), { method: "POST", headers: f.headers, body: f.body });
      expect(answer.status).toBe(200);
    }
    const after = await rowCounts();
    expect(Number(after!.suppressions)).toBeGreaterThan(Number(before!.suppressions));
    expect(Number(after!.failed)).toBeGreaterThan(Number(before!.failed));
    expect(Number(after!.inactive)).toBeGreaterThan(Number(before!.inactive));
  });
});
