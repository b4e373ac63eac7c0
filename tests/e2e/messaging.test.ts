import { deploymentProviders } from "../../connectors/kit/provider-config.js";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { signSlack } from "../../connectors/slack/slack.webhooks.js";
import { signTwilio } from "../../connectors/twilio/twilio.webhooks.js";
import { WebhookEvent } from "../../orm/entities/index.js";
import {
  connectOAuth,
  connectWithCredentials,
  eventually,
  sandboxesOf,
  sendMessage,
} from "../support/connections.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

/** Messages through the gateway to every messaging sandbox, and the signed webhooks back. */
describe("messaging through the gateway", () => {
  let t: TestStack;
  let token: string;
  let twilioAccount: { accountSid: string; authToken: string; fromNumber: string };
  let sendgridKey: string;
  const connections: Record<string, string> = {};
  let sequence = 0;
  const key = () => `m-${(sequence += 1)}`;
  const status = async (id: string) =>
    (
      await t.query<{ message: { status: string; error: unknown } }>(
        token,
        `query($id: ID!) { message(id: $id) { status error { code } } }`,
        { id },
      )
    ).data?.message;
  const suppressed = async (channel: string) =>
    (
      await t.query<{ suppressions: Array<{ address: string; reason: string }> }>(
        token,
        `query($c: MessageChannel) { suppressions(channel: $c) { address reason } }`,
        { c: channel },
      )
    ).data?.suppressions ?? [];

  beforeAll(async () => {
    t = await startTestStack();
    token = await t.tokenFor((await makeWorkspace(t.orm)).id);
    const sandboxes = sandboxesOf(t).sandboxes;
    twilioAccount = sandboxes.twilio.createAccount();
    connections.twilio = await connectWithCredentials(t, token, "twilio", { ...twilioAccount });
    const wa = sandboxes.whatsapp.createAccount();
    connections.whatsapp = await connectWithCredentials(t, token, "whatsapp", {
      accessToken: wa.accessToken,
      phoneNumberId: wa.phoneNumberId,
      wabaId: wa.wabaId,
    });
    const sg = sandboxes.sendgrid.createAccount();
    sendgridKey = sg.apiKey;
    connections.sendgrid = await connectWithCredentials(t, token, "sendgrid", {
      apiKey: sg.apiKey,
      fromEmail: sg.fromEmail,
    });
    connections.slack = await connectOAuth(t, token, "slack");
    connections.gmail = await connectOAuth(t, token, "gmail");
  });
  afterAll(() => t.stop());

  it.each([
    ["twilio", "+14155550120", {}, "DELIVERED"],
    ["whatsapp", "+14155550121", {}, "DELIVERED"],
    ["sendgrid", "reader@example.com", { subject: "Hello" }, "DELIVERED"],
    ["slack", "C0SANDBOX01", {}, "SENT"],
    ["gmail", "reader@example.com", { subject: "Hello" }, "SENT"],
  ])(
    "%s: the message reaches %s through the provider's signed webhooks",
    async (provider, to, extra, final) => {
      const sent = await sendMessage(t, token, {
        connectionId: connections[provider],
        to,
        text: "Hello from Crosscast",
        idempotencyKey: key(),
        ...extra,
      });
      expect(sent.data?.sendMessage).toMatchObject({
        status: expect.stringMatching(/SENT|DELIVERED|READ/),
        error: null,
      });
      const id = sent.data!.sendMessage.id;
      await eventually(async () => {
        const now = await status(id);
        return now?.status === final || now?.status === "READ" ? now : undefined;
      });
    },
  );

  it("an undeliverable recipient ends FAILED with the provider's code", async () => {
    const sent = await sendMessage(t, token, {
      connectionId: connections.twilio,
      to: "+14155559999",
      text: "Hello",
      idempotencyKey: key(),
    });
    const failed = await eventually(async () => {
      const now = await status(sent.data!.sendMessage.id);
      return now?.status === "FAILED" ? now : undefined;
    });
    expect(failed.error).toEqual({ code: "UNDELIVERED" });
  });

  describe("webhook signatures", () => {
    const twilioWebhook = (params: Record<string, string>, signature?: string) => {
      const url = `${t.stack.publicUrl}/webhooks/twilio/${connections.twilio}`;
      return fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signature ?? signTwilio(twilioAccount.authToken, url, params),
        },
        body: new URLSearchParams(params),
      });
    };
    const events = () => t.orm.em.fork().count(WebhookEvent, { provider: "twilio" });

    it("a forged signature is refused and nothing is stored", async () => {
      const before = await events();
      const forged = await twilioWebhook(
        { MessageSid: "SM" + "0".repeat(32), MessageStatus: "delivered" },
        "bm90IGEgc2lnbmF0dXJl",
      );
      expect(forged.status).toBe(401);
      expect(await events()).toBe(before);
    });

    it("a replayed webhook is recognised by its event id and processed once", async () => {
      const inbound = {
        MessageSid: "SM" + "1".repeat(32),
        From: "+14155550130",
        To: twilioAccount.fromNumber,
        Body: "STOP",
      };
      const before = await events();
      expect((await twilioWebhook(inbound)).status).toBe(200);
      expect((await twilioWebhook(inbound)).status).toBe(200);
      expect(await events()).toBe(before + 1);
      expect(await suppressed("SMS")).toContainEqual({ address: "+14155550130", reason: "STOP" });
    });

    it("Slack events outside the five-minute window are refused", async () => {
      const body = JSON.stringify({
        type: "event_callback",
        team_id: "T0SANDBOX",
        event_id: "Ev1",
        event: { type: "tokens_revoked" },
      });
      const old = Math.floor(Date.now() / 1000) - 600;
      const answer = await fetch(`${t.stack.publicUrl}/webhooks/slack`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-slack-request-timestamp": String(old),
          "x-slack-signature": signSlack(
            deploymentProviders(t.config.providers).slack.webhookSecret!,
            old,
            body,
          ),
        },
        body,
      });
      expect(answer.status).toBe(401);
    });
  });

  describe("opt-outs", () => {
    it("an inbound STOP suppresses the number and later sends fail clearly; START lifts it", async () => {
      const sandbox = sandboxesOf(t).sandboxes.twilio;
      sandbox.receive({ from: "+14155550140", to: twilioAccount.fromNumber, body: "STOP" });
      await eventually(async () =>
        (await suppressed("SMS")).some(s => s.address === "+14155550140"),
      );
      const refused = await sendMessage(t, token, {
        connectionId: connections.twilio,
        to: "+14155550140",
        text: "Still there?",
        idempotencyKey: key(),
      });
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: "RECIPIENT_SUPPRESSED",
        field: "to",
      });
      sandbox.receive({ from: "+14155550140", to: twilioAccount.fromNumber, body: "START" });
      await eventually(
        async () => !(await suppressed("SMS")).some(s => s.address === "+14155550140"),
      );
    });

    it("a SendGrid unsubscribe suppresses the address for email", async () => {
      sandboxesOf(t).sandboxes.sendgrid.unsubscribe("Leaver@Example.com", { apiKey: sendgridKey });
      await eventually(async () =>
        (await suppressed("EMAIL")).some(s => s.address === "leaver@example.com"),
      );
      const refused = await sendMessage(t, token, {
        connectionId: connections.gmail,
        to: "leaver@example.com",
        subject: "Hi",
        text: "Hello",
        idempotencyKey: key(),
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe("RECIPIENT_SUPPRESSED");
    });

    it("a WhatsApp marketing opt-out suppresses the number; resuming lifts it", async () => {
      const wa = sandboxesOf(t).sandboxes.whatsapp;
      const phoneNumberId = (
        await t.query<{ connection: { externalAccountId: string } }>(
          token,
          `query($id: ID!) { connection(id: $id) { externalAccountId } }`,
          { id: connections.whatsapp },
        )
      ).data!.connection.externalAccountId;
      wa.stopMarketing({ from: "14155550150", phoneNumberId });
      await eventually(async () =>
        (await suppressed("WHATSAPP")).some(s => s.address === "+14155550150"),
      );
      wa.resumeMarketing({ from: "14155550150", phoneNumberId });
      await eventually(
        async () => !(await suppressed("WHATSAPP")).some(s => s.address === "+14155550150"),
      );
    });
  });
});
