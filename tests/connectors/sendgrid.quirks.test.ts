import { describe, expect, it } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import type { WebhookRequest } from "../../connectors/kit/contracts/index.js";
import { signSendGrid } from "../../connectors/sendgrid/sendgrid.webhooks.js";
import { sendgridConnector } from "../../connectors/sendgrid/sendgrid.connector.js";
import { SENDGRID_DEMO_ACCOUNT } from "../../connectors/sendgrid/sendgrid.demo.js";
import { useSendgridFixture } from "./support/sendgrid.fixture.js";

/**
 * What is particular to SendGrid, against its sandbox: API keys and scopes, verified senders,
 * mail/send and the official spec's validation of it, SendGrid's refusals and rate-limit headers,
 * and the signed Event Webhook that carries every status and opt-out. The messaging contract (a
 * send and its processed/delivered/open events, a bounce's 5.1.1, each fault's kind and retry, a
 * missing key, revoked keys, a lost answer left UNKNOWN_OUTCOME, forged signatures) is held by
 * tests/connectors/conformance/messaging.conformance.test.ts.
 */
describe("the SendGrid connector against its sandbox", () => {
  const {
    sandbox,
    receiver,
    webhooks,
    sg,
    ctx,
    api,
    failure,
    connection,
    email,
    sentWith,
    registered,
    delivered,
    statuses,
  } = useSendgridFixture();

  describe("verify and send", () => {
    it("verifies a key: the mail.send scope, then user_id and username", async () => {
      const account = sg().createAccount({ username: "acme-mail" });
      await expect(sendgridConnector.verify(ctx(), connection(account))).resolves.toEqual({
        externalAccountId: String(account.userId),
        displayName: "acme-mail",
      });
    });

    it("accepts the demo account without any control, and its public key is fixed", async () => {
      const demo = {
        secrets: SENDGRID_DEMO_ACCOUNT.secrets,
        settings: SENDGRID_DEMO_ACCOUNT.settings,
      };
      await expect(sendgridConnector.verify(ctx(), demo)).resolves.toEqual({
        externalAccountId: SENDGRID_DEMO_ACCOUNT.externalAccountId,
        displayName: SENDGRID_DEMO_ACCOUNT.displayName,
      });
      const conn = { ...demo, id: "conn-demo", workspaceId: "ws-demo" };
      const result = await sendgridConnector.send(ctx(), conn, email("reader-demo@example.com"));
      expect(sentWith(demo.secrets.apiKey!).map(mail => mail.xMessageId)).toEqual([
        result.providerMessageId,
      ]);
      const settings = await sendgridConnector.register!(ctx(), conn, {
        webhookUrl: `${receiver().url}/webhooks/sendgrid/conn-demo`,
      });
      expect(settings).toEqual({ webhookPublicKey: demo.settings.webhookPublicKey });
    });

    it("sends one email: 202, X-Message-Id as the provider id, Crosscast's id in the personalization's custom_args", async () => {
      const account = sg().createAccount();
      const message = email("ada@example.com");
      const result = await sendgridConnector.send(ctx(), connection(account), message);
      const [mail, ...others] = sentWith(account.apiKey);
      expect(others).toHaveLength(0);
      expect(result).toEqual({ providerMessageId: mail!.xMessageId });
      expect(mail!.body).toEqual({
        personalizations: [
          {
            to: [{ email: "ada@example.com" }],
            custom_args: { crosscast_message_id: message.messageId },
          },
        ],
        from: { email: account.fromEmail, name: "Crosscast Tests" },
        subject: "Spring sale",
        content: [
          { type: "text/plain", value: "Everything is 20% off." },
          { type: "text/html", value: "<p>Everything is <b>20%</b> off.</p>" },
        ],
      });
      expect(mail!.customArgs).toEqual({ crosscast_message_id: message.messageId });
    });

    it("sends a dynamic template with its data and no content", async () => {
      const account = sg().createAccount();
      const message = email("grace@example.com", {
        subject: undefined,
        text: undefined,
        html: undefined,
        template: { name: "d-0123456789abcdef", parameters: { first_name: "Grace" } },
      });
      await sendgridConnector.send(ctx(), connection(account), message);
      expect(sentWith(account.apiKey)[0]!.body).toEqual({
        personalizations: [
          {
            to: [{ email: "grace@example.com" }],
            custom_args: { crosscast_message_id: message.messageId },
            dynamic_template_data: { first_name: "Grace" },
          },
        ],
        from: { email: account.fromEmail, name: "Crosscast Tests" },
        template_id: "d-0123456789abcdef",
      });
    });

    it("refuses before sending an email with neither a template nor a body", async () => {
      const account = sg().createAccount();
      const message = email("x@example.com", { text: undefined, html: undefined });
      const error = await failure(sendgridConnector.send(ctx(), connection(account), message));
      expect(error.kind).toBe("INVALID_REQUEST");
      expect(sentWith(account.apiKey)).toHaveLength(0);
    });

    it("follows the kit's rule for missing material: verify and register without an apiKey are AUTH_REVOKED, no fromEmail INVALID_REQUEST", async () => {
      const account = sg().createAccount();
      const noKey = { ...connection(account), secrets: {} };
      for (const call of [
        () => sendgridConnector.verify(ctx(), noKey),
        () => sendgridConnector.register!(ctx(), noKey, { webhookUrl: `${receiver().url}/x` }),
      ]) {
        expect(await failure(call())).toMatchObject({ kind: "AUTH_REVOKED" });
      }
      const noSender = { ...connection(account), settings: {} };
      const error = await failure(sendgridConnector.send(ctx(), noSender, email("s@example.com")));
      expect(error.kind).toBe("INVALID_REQUEST");
      expect(sentWith(account.apiKey)).toHaveLength(0);
    });

    it("gives a new connection fresh credentials that verify and send", async () => {
      const first = sg().createConnection();
      const second = sg().createConnection();
      expect(first.secrets.apiKey).toMatch(/^SG\.[\w-]{22}\.[\w-]{43}$/);
      expect(second.secrets.apiKey).not.toBe(first.secrets.apiKey);
      const conn = { ...first, id: "conn-fresh", workspaceId: "ws-1" };
      await expect(sendgridConnector.verify(ctx(), conn)).resolves.toMatchObject({
        displayName: expect.any(String),
      });
      await expect(sendgridConnector.send(ctx(), conn, email("n@example.com"))).resolves.toEqual({
        providerMessageId: expect.any(String),
      });
    });
  });

  describe("OpenAPI validation of mail/send (official spec, connectors/specs/sendgrid_mail_v3.json)", () => {
    const post = async (apiKey: string, body: unknown) => {
      const response = await fetch(api("/v3/mail/send"), {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    };

    it("refuses what the schema forbids with SendGrid's field and help", async () => {
      const account = sg().createAccount();
      const valid = {
        personalizations: [{ to: [{ email: "v@example.com" }] }],
        from: { email: account.fromEmail },
        subject: "Hi",
        content: [{ type: "text/plain", value: "Hello" }],
      };
      const emptyValue = await post(account.apiKey, {
        ...valid,
        content: [{ type: "text/plain", value: "" }],
      });
      expect(emptyValue).toEqual({
        status: 400,
        body: {
          errors: [
            {
              message: "The content value must be a string at least one character in length.",
              field: "content.0.value",
              help: "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.content.value",
            },
          ],
        },
      });
      const { personalizations: _dropped, ...noRecipients } = valid;
      expect(await post(account.apiKey, noRecipients)).toMatchObject({
        status: 400,
        body: { errors: [{ field: "personalizations" }] },
      });
      expect(await post(account.apiKey, { ...valid, custom_args: { n: 1 } })).toMatchObject({
        status: 400,
        body: { errors: [{ message: "Bad Request", field: null }] },
      });
      expect(sentWith(account.apiKey)).toHaveLength(0);
    });

    it("keeps to the unedited spec's custom_args: a string message-wide, an object of strings per personalization", async () => {
      const account = sg().createAccount();
      const valid = {
        personalizations: [{ to: [{ email: "w@example.com" }], custom_args: { a: "1" } }],
        from: { email: account.fromEmail },
        subject: "Hi",
        content: [{ type: "text/plain", value: "Hello" }],
      };
      const badRequest = {
        status: 400,
        body: { errors: [{ message: "Bad Request", field: null }] },
      };
      expect(await post(account.apiKey, { ...valid, custom_args: { a: "1" } })).toMatchObject(
        badRequest,
      );
      const numbers = [{ ...valid.personalizations[0], custom_args: { a: 1 } }];
      expect(await post(account.apiKey, { ...valid, personalizations: numbers })).toMatchObject(
        badRequest,
      );
      expect(sentWith(account.apiKey)).toHaveLength(0);
      expect((await post(account.apiKey, valid)).status).toBe(202);
      expect((await post(account.apiKey, { ...valid, custom_args: "campaign-7" })).status).toBe(
        202,
      );
      expect(sentWith(account.apiKey).map(mail => mail.customArgs)).toEqual([
        { a: "1" },
        { a: "1" },
      ]);
    });
  });

  describe("errors, in SendGrid's wire format", () => {
    it("has no errors inside HTTP 200: every failure comes as a 4xx/5xx status", () => {
      const headers = new Headers();
      const body = { errors: [{ message: "would be an error", field: null }] };
      expect(sendgridConnector.classify({ status: 202, headers, body: "" }, "sendgrid")).toBe(
        undefined,
      );
      expect(sendgridConnector.classify({ status: 200, headers, body }, "sendgrid")).toBe(
        undefined,
      );
    });

    it("maps a key without mail.send to PERMISSION_DENIED", async () => {
      const account = sg().createAccount({ scopes: ["user.username.read"] });
      const error = await failure(sendgridConnector.verify(ctx(), connection(account)));
      expect(error).toMatchObject({
        kind: "PERMISSION_DENIED",
        details: { providerCode: "mail.send" },
      });
    });

    it("maps SendGrid's 403 access forbidden (a scope the key lacks) to PERMISSION_DENIED", async () => {
      const account = sg().createAccount({ scopes: ["mail.send"] });
      const error = await failure(sendgridConnector.verify(ctx(), connection(account)));
      expect(error).toMatchObject({ kind: "PERMISSION_DENIED", details: { providerCode: 403 } });
    });

    it("maps a from address that is not a verified sender (403, field from) to PERMISSION_DENIED", async () => {
      const account = sg().createAccount();
      const conn = connection({ apiKey: account.apiKey, fromEmail: "someone@unverified.example" });
      const error = await failure(sendgridConnector.send(ctx(), conn, email("a@example.com")));
      expect(error).toMatchObject({
        kind: "PERMISSION_DENIED",
        details: { providerCode: "403:from" },
      });
      expect(error.message).not.toContain("Sender Identity");
      sg().verifySender(account.apiKey, "someone@unverified.example");
      await expect(sendgridConnector.send(ctx(), conn, email("a@example.com"))).resolves.toEqual({
        providerMessageId: expect.any(String),
      });
    });

    it("maps an unknown key (401) to AUTH_REVOKED", async () => {
      const conn = connection({ apiKey: "SG.unknown.key", fromEmail: "x@example.com" });
      const error = await failure(sendgridConnector.verify(ctx(), conn));
      expect(error).toMatchObject({ kind: "AUTH_REVOKED", details: { providerCode: 401 } });
    });

    it("has no expiring keys: the expired-key fault deletes the key, refused for good with SendGrid's 401", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", { kind: "AUTH_EXPIRED", match: { path: "/v3/scopes" } });
      await failure(sendgridConnector.verify(ctx(), connection(account)));
      const again = await failure(sendgridConnector.verify(ctx(), connection(account)));
      expect(again).toMatchObject({ kind: "AUTH_REVOKED", details: { providerCode: 401 } });
    });

    it("maps a key deleted in SendGrid (revokeKey) to AUTH_REVOKED", async () => {
      const account = sg().createAccount();
      sg().revokeKey(account.apiKey);
      expect(await failure(sendgridConnector.verify(ctx(), connection(account)))).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: 401 },
      });
    });

    it("maps an invalid recipient (400 from the OpenAPI schema) to INVALID_REQUEST with SendGrid's field", async () => {
      const account = sg().createAccount();
      const error = await failure(
        sendgridConnector.send(ctx(), connection(account), email("not-an-address")),
      );
      expect(error).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: "400:personalizations.0.to.0.email" },
      });
      expect(sentWith(account.apiKey)).toHaveLength(0);
    });

    it("renders injected faults with SendGrid's statuses: 403, 400, and 503 when it persists, nothing sent", async () => {
      const account = sg().createAccount();
      for (const [kind, times, code] of [
        ["PERMISSION_DENIED", 1, 403],
        ["INVALID_REQUEST", 1, 400],
        ["UNAVAILABLE", 3, 503],
      ] as const) {
        sandbox().host.inject("sendgrid", { kind, match: { path: "/v3/mail/send" } }, times);
        const error = await failure(
          sendgridConnector.send(ctx(), connection(account), email("d@example.com")),
        );
        expect(error).toMatchObject({ kind, details: { providerCode: code } });
      }
      expect(sentWith(account.apiKey)).toHaveLength(0);
    });

    it("answers 415 to a body that is not JSON and 413 past 30 MB, both INVALID_REQUEST", async () => {
      const account = sg().createAccount();
      const post = async (body: string, type: string) => {
        const response = await fetch(api("/v3/mail/send"), {
          method: "POST",
          headers: { authorization: `Bearer ${account.apiKey}`, "content-type": type },
          body,
        });
        const parsed: unknown = await response.json();
        return { status: response.status, headers: response.headers, body: parsed };
      };
      const form = await post("to=a%40example.com&subject=hi", "application/x-www-form-urlencoded");
      expect(form).toMatchObject({
        status: 415,
        body: { errors: [{ message: "Content-Type should be application/json.", field: null }] },
      });
      const huge = await post(" ".repeat(31 * 1024 * 1024), "application/json");
      expect(huge).toMatchObject({
        status: 413,
        body: { errors: [{ message: "content too large" }] },
      });
      for (const response of [form, huge]) {
        expect(sendgridConnector.classify(response, "sendgrid")?.kind).toBe("INVALID_REQUEST");
      }
    });
  });

  describe("outages and rate limits", () => {
    it("retries a 503 after a backoff, not after the quota window every answer announces", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", { kind: "UNAVAILABLE", match: { path: "/v3/mail/send" } });
      const waited = sandbox().waits.length;
      await sendgridConnector.send(ctx(), connection(account), email("e@example.com"));
      expect(sandbox().waits.length).toBe(waited + 1);
      // A backoff (base 10 ms here), not the quota window's X-RateLimit-Reset every answer carries.
      expect(sandbox().waits[waited]).toBeLessThanOrEqual(10);
    });

    it("waits until the epoch X-RateLimit-Reset of a 429", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 7,
        match: { path: "/v3/mail/send" },
      });
      const waited = sandbox().waits.length;
      await sendgridConnector.send(ctx(), connection(account), email("f@example.com"));
      const waits = sandbox().waits.slice(waited);
      expect(waits).toHaveLength(1);
      // The reset is whole epoch seconds, rounded up: 7 to 8 seconds from when it was announced.
      expect(waits[0]).toBeGreaterThan(6_000);
      expect(waits[0]).toBeLessThanOrEqual(8_000);
    });

    it("counts requests in X-RateLimit-* headers and answers 429 past the limit", async () => {
      const account = sg().createAccount();
      const response = await fetch(api("/v3/scopes"), {
        headers: { authorization: `Bearer ${account.apiKey}` },
      });
      expect(response.headers.get("x-ratelimit-limit")).toBe("600");
      expect(response.headers.get("x-ratelimit-remaining")).toBe("599");
      expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(1_000_000_000);
      sg().setRateLimit(1);
      try {
        // The first verify may still fit the window; the second cannot.
        await sendgridConnector.verify(ctx(), connection(account)).catch(() => undefined);
        const error = await failure(sendgridConnector.verify(ctx(), connection(account)));
        expect(error).toMatchObject({ kind: "RATE_LIMITED", details: { providerCode: 429 } });
        expect(error.details.retryAfterMs).toBeGreaterThanOrEqual(0);
        expect(error.details.retryAfterMs).toBeLessThanOrEqual(60_000);
      } finally {
        sg().setRateLimit(600);
      }
    });
  });

  describe("the Event Webhook", () => {
    it("registers the connection's URL with the needed events, and signing", async () => {
      const { account, conn } = await registered();
      expect(conn.settings.webhookPublicKey).toBe(account.publicKey);
      expect(sg().eventWebhook(account.apiKey)).toMatchObject({
        enabled: true,
        url: `${receiver().url}/webhooks/sendgrid/${conn.id}`,
        signed: true,
        flags: {
          processed: true,
          delivered: true,
          open: true,
          bounce: true,
          dropped: true,
          unsubscribe: true,
          group_unsubscribe: true,
          spam_report: true,
          click: false,
          deferred: false,
        },
      });
    });

    it("drops an address that bounced: the next send to it is FAILED as Bounced Address", async () => {
      const { conn } = await registered();
      await sendgridConnector.send(ctx(), conn, email("bounce-1@example.com"));
      await delivered(conn);
      const second = email("bounce-1@example.com");
      await sendgridConnector.send(ctx(), conn, second);
      const { events } = await delivered(conn);
      expect(statuses(events, second.messageId).map(e => [e.status, e.errorCode])).toEqual([
        ["FAILED", "Bounced Address"],
      ]);
    });

    it("turns an unsubscribe and a spam report into opt-outs, and later drops into opt-outs too", async () => {
      const { account, conn } = await registered();
      await sendgridConnector.send(ctx(), conn, email("leaver@example.com"));
      await delivered(conn);
      sg().unsubscribe("leaver@example.com");
      sg().spamReport("angry@example.com", { apiKey: account.apiKey });
      const later = email("leaver@example.com");
      await delivered(conn);
      await sendgridConnector.send(ctx(), conn, later);
      const { events } = await delivered(conn);
      const optOuts = events.flatMap(e => (e.type === "OPT_OUT" ? [[e.address, e.reason]] : []));
      expect(optOuts).toEqual(
        expect.arrayContaining([
          ["leaver@example.com", "unsubscribe"],
          ["angry@example.com", "spamreport"],
          ["leaver@example.com", "Unsubscribed Address"],
        ]),
      );
      expect(statuses(events, later.messageId)).toEqual([
        expect.objectContaining({ status: "FAILED", errorCode: "Unsubscribed Address" }),
      ]);
    });
  });

  describe("the Event Webhook's signatures and every event type", () => {
    it("verifies against the connection's own public key: another account's key, or none, refuses", async () => {
      const { conn } = await registered();
      await sendgridConnector.send(ctx(), conn, email("h@example.com"));
      const { requests } = await delivered(conn);
      const real = requests[0]!;
      const keys = { config: sandbox().configs.sendgrid, connection: conn };
      expect(webhooks.verify(real, keys)).toBe(true);
      const otherAccount = sg().createAccount();
      const wrongKey = { ...conn, settings: { webhookPublicKey: otherAccount.publicKey } };
      expect(webhooks.verify(real, { ...keys, connection: wrongKey })).toBe(false);
      expect(webhooks.verify(real, { config: sandbox().configs.sendgrid })).toBe(false);
    });

    it("makes a replay detectable: SendGrid has no time window, a replay repeats its sg_event_ids", async () => {
      const { conn } = await registered();
      await sendgridConnector.send(ctx(), conn, email("reader-2@example.com"));
      const { requests } = await delivered(conn);
      const keys = { config: sandbox().configs.sendgrid, connection: conn };
      const ids = (request: WebhookRequest) => webhooks.parse(request).map(e => e.eventId);
      const original = requests[0]!;
      const replay = { ...original, rawBody: Buffer.from(original.rawBody) };
      expect(webhooks.verify(replay, keys)).toBe(true);
      expect(ids(replay)).toEqual(ids(original));
      const all = requests.flatMap(ids);
      expect(new Set(all).size).toBe(all.length);
    });

    it("parses every event type: deferred and click mean nothing, opt-outs keep the address", () => {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      const base = { timestamp: 1_760_000_000, sg_message_id: "AbCdEf123.filterdrecv-1.0" };
      const body = JSON.stringify([
        { ...base, email: "a@x.example", event: "deferred", sg_event_id: "e1" },
        { ...base, email: "a@x.example", event: "click", sg_event_id: "e2", url: "https://x" },
        {
          ...base,
          email: "a@x.example",
          event: "group_unsubscribe",
          sg_event_id: "e3",
          asm_group_id: 4,
        },
        { ...base, email: "b@x.example", event: "spamreport", sg_event_id: "e4" },
        { ...base, email: "c@x.example", event: "dropped", sg_event_id: "e5", reason: "Invalid" },
        { ...base, email: "d@x.example", event: "bounce", sg_event_id: "e6", type: "blocked" },
        {
          ...base,
          email: "e@x.example",
          event: "delivered",
          sg_event_id: "e7",
          crosscast_message_id: "m7",
        },
        { event: "processed" },
        "not an event",
      ]);
      const timestamp = "1760000000";
      const request: WebhookRequest = {
        method: "POST",
        url: "https://crosscast.example/webhooks/sendgrid/conn-x",
        segments: ["conn-x"],
        query: new URLSearchParams(),
        headers: {
          "x-twilio-email-event-webhook-timestamp": timestamp,
          "x-twilio-email-event-webhook-signature": signSendGrid(pem, timestamp, body),
        },
        rawBody: Buffer.from(body),
      };
      const spki = publicKey.export({ type: "spki", format: "der" }).toString("base64");
      const conn = {
        id: "conn-x",
        workspaceId: "ws",
        secrets: {},
        settings: { webhookPublicKey: spki },
      };
      expect(
        webhooks.verify(request, { config: sandbox().configs.sendgrid, connection: conn }),
      ).toBe(true);
      expect(webhooks.parse(request)).toEqual([
        { type: "OPT_OUT", eventId: "e3", address: "a@x.example", reason: "group_unsubscribe" },
        { type: "OPT_OUT", eventId: "e4", address: "b@x.example", reason: "spamreport" },
        expect.objectContaining({ eventId: "e5", status: "FAILED", errorCode: "Invalid" }),
        expect.objectContaining({ eventId: "e6", status: "FAILED", errorCode: "blocked" }),
        {
          type: "MESSAGE_STATUS",
          eventId: "e7",
          status: "DELIVERED",
          messageId: "m7",
          providerMessageId: "AbCdEf123",
          occurredAt: new Date(1_760_000_000_000),
        },
      ]);
    });
  });
});
