import { describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import type { OutboundMessage, WebhookRequest } from "../../connectors/kit/contracts/index.js";
import { classifyWhatsapp } from "../../connectors/whatsapp/whatsapp.classifier.js";
import { whatsappConnector } from "../../connectors/whatsapp/whatsapp.connector.js";
import {
  WHATSAPP_DEMO_ACCOUNT,
  WHATSAPP_DEMO_NUMBER,
} from "../../connectors/whatsapp/whatsapp.demo.js";
import { whatsappWebhooks } from "../../connectors/whatsapp/whatsapp.webhooks.js";
import { useWhatsappFixture, connectionOf, failure, text } from "./support/whatsapp.fixture.js";

/**
 * What is particular to WhatsApp, against its sandbox: verifying the business number, text and
 * template sends, subscribing the app to the WABA, Graph's refusals in Meta's format (codes,
 * subcode 33, the content types Graph reads), the injected faults as Graph renders them (BUC
 * waits in minutes, 190/463 without refresh), signed status webhooks and the hub.challenge
 * handshake, inbound messages and user_preferences opt-outs, and the classifier on codes the
 * sandbox never sends. The messaging contract (a send and its sent/delivered/read webhooks,
 * 131026, each fault's kind and retry, credentials, revoked tokens, a lost answer left
 * UNKNOWN_OUTCOME, forged signatures) is held by
 * tests/connectors/conformance/messaging.conformance.test.ts.
 */
describe("WhatsApp Cloud API connector against its sandbox", () => {
  const { sandbox, receiver, account, wa, ctx, keys, acceptedFor, events } = useWhatsappFixture();

  describe("verify and send", () => {
    it("verifies the demo account without any control call", async () => {
      const identity = await whatsappConnector.verify(ctx(), connectionOf(WHATSAPP_DEMO_NUMBER));
      expect(identity).toEqual({
        externalAccountId: WHATSAPP_DEMO_NUMBER.phoneNumberId,
        displayName: `Crosscast Demo (${WHATSAPP_DEMO_NUMBER.displayPhoneNumber})`,
        settings: { displayPhoneNumber: WHATSAPP_DEMO_NUMBER.displayPhoneNumber },
      });
      // The demo account the runtime holds is the one the sandbox accepts.
      expect(WHATSAPP_DEMO_ACCOUNT).toMatchObject({
        externalAccountId: identity.externalAccountId,
        displayName: identity.displayName,
      });
    });

    it("connects a new sandbox account with fresh credentials (createConnection)", async () => {
      const first = wa().createConnection();
      const second = wa().createConnection();
      expect(first.secrets.accessToken).toMatch(/^EAA/);
      expect(first.secrets.accessToken).not.toBe(second.secrets.accessToken);
      expect(first.settings.phoneNumberId).not.toBe(second.settings.phoneNumberId);
      const connection = { id: "conn-new", workspaceId: "ws-1", ...first };
      expect(await whatsappConnector.verify(ctx(), connection)).toMatchObject({
        externalAccountId: first.settings.phoneNumberId,
      });
    });

    it("sends a text as Meta's JSON to the number in digits only, and returns the wamid", async () => {
      const message = text("+1 (555) 010-2002");
      const result = await whatsappConnector.send(ctx(), connectionOf(account()), message);
      expect(result.providerMessageId).toMatch(/^wamid\./);
      expect(acceptedFor(message.messageId)[0]).toMatchObject({
        id: result.providerMessageId,
        phoneNumberId: account().phoneNumberId,
        to: "15550102002",
        type: "text",
        text: "Hello from Crosscast",
      });
    });

    it("sends templates with their body parameters in key order", async () => {
      wa().addTemplate({
        name: "two_steps",
        language: "en_US",
        category: "UTILITY",
        body: "First {{1}}, then {{2}}.",
      });
      const connection = connectionOf(account());
      const ordered: OutboundMessage = {
        messageId: randomUUID(),
        to: "15550102003",
        template: { name: "two_steps", parameters: { "2": "pay", "1": "pick" } },
      };
      const hello: OutboundMessage = {
        messageId: randomUUID(),
        to: "15550102003",
        template: { name: "hello_world", language: "en_US" },
      };
      await whatsappConnector.send(ctx(), connection, ordered);
      await whatsappConnector.send(ctx(), connection, hello);
      expect(acceptedFor(ordered.messageId)[0]).toMatchObject({
        type: "template",
        text: "First pick, then pay.",
      });
      expect(acceptedFor(hello.messageId)[0]?.template).toEqual({
        name: "hello_world",
        language: "en_US",
        category: "UTILITY",
      });
    });
  });

  describe("register", () => {
    it("subscribes the app to the WABA's webhooks, without which Meta sends none", async () => {
      const quiet = wa().createAccount({ subscribed: false });
      const connection = connectionOf(quiet);
      const before = await whatsappConnector.send(ctx(), connection, text("15550102016"));
      expect(
        (await events()).some(
          e => e.type === "MESSAGE_STATUS" && e.providerMessageId === before.providerMessageId,
        ),
      ).toBe(false);

      await whatsappConnector.register?.(ctx(), connection, {
        webhookUrl: `${receiver().url}/webhooks/whatsapp/${connection.id}`,
      });
      expect(wa().isSubscribed(quiet.wabaId)).toBe(true);
      const after = await whatsappConnector.send(ctx(), connection, text("15550102016"));
      expect(
        (await events()).some(
          e => e.type === "MESSAGE_STATUS" && e.providerMessageId === after.providerMessageId,
        ),
      ).toBe(true);
    });

    it("does nothing without a wabaId", async () => {
      const before = sandbox().host.requests.length;
      const { wabaId: _omitted, ...withoutWaba } = account();
      await whatsappConnector.register?.(ctx(), connectionOf(withoutWaba), {
        webhookUrl: receiver().url,
      });
      expect(sandbox().host.requests.length).toBe(before);
    });
  });

  describe("Graph's refusals, each in Meta's wire format", () => {
    it("INVALID_REQUEST: a text over 4096 characters (code 100), nothing accepted", async () => {
      const connection = connectionOf(account());
      expect(whatsappConnector.limits.maxTextLength).toBe(4096);
      await whatsappConnector.send(ctx(), connection, text("15550102007", "x".repeat(4096)));
      const long = text("15550102007", "x".repeat(4097));
      const error = await failure(whatsappConnector.send(ctx(), connection, long));
      expect(error).toMatchObject({ kind: "INVALID_REQUEST", details: { providerCode: 100 } });
      expect(acceptedFor(long.messageId)).toEqual([]);
    });

    it("INVALID_REQUEST: an unknown template (132001), a wrong parameter count (132000), no recipient (100)", async () => {
      const connection = connectionOf(account());
      const send = (message: Omit<OutboundMessage, "messageId">) =>
        failure(whatsappConnector.send(ctx(), connection, { messageId: randomUUID(), ...message }));
      expect(
        await send({ to: "15550102008", template: { name: "no_such_template" } }),
      ).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: 132001 },
      });
      expect(
        await send({ to: "15550102008", template: { name: "order_update", language: "de" } }),
      ).toMatchObject({
        details: { providerCode: 132001 },
      });
      expect(await send({ to: "15550102008", template: { name: "order_update" } })).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: 132000 },
      });
      expect(await send({ to: "not a number", text: "hi" })).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: 100 },
      });
    });

    it("the sandbox reads JSON or Graph's form encoding, and no other content type", async () => {
      const url = `${sandbox().configs.whatsapp.apiBaseUrl}/v26.0/${account().phoneNumberId}/messages`;
      const post = (type: string, body: string) =>
        fetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${account().accessToken}`, "content-type": type },
          body,
        });
      const json = JSON.stringify({
        messaging_product: "whatsapp",
        to: "15550102009",
        type: "text",
        text: { body: "hi" },
      });
      const plain = await post("text/plain", json);
      expect(plain.status).toBe(400);
      expect(await plain.json()).toMatchObject({
        error: { code: 100, message: "(#100) The parameter messaging_product is required." },
      });
      const form = new URLSearchParams({
        messaging_product: "whatsapp",
        to: "15550102009",
        type: "text",
        text: JSON.stringify({ body: "hi" }),
      });
      const formed = await post("application/x-www-form-urlencoded", form.toString());
      expect(formed.status).toBe(200);
      expect(await formed.json()).toMatchObject({
        messaging_product: "whatsapp",
        messages: [{ id: expect.stringMatching(/^wamid\./) }],
      });
    });

    it("PERMISSION_DENIED: a token without whatsapp_business_messaging (code 10)", async () => {
      const readOnly = wa().createAccount({ permissions: ["whatsapp_business_management"] });
      const error = await failure(
        whatsappConnector.send(ctx(), connectionOf(readOnly), text("15550102010")),
      );
      expect(error).toMatchObject({ kind: "PERMISSION_DENIED", details: { providerCode: 10 } });
    });

    it("a phone number the token may not see is Graph's (#100) subcode 33, an INVALID_REQUEST", async () => {
      const other = wa().createAccount();
      const error = await failure(
        whatsappConnector.verify(
          ctx(),
          connectionOf({ ...account(), phoneNumberId: other.phoneNumberId }),
        ),
      );
      expect(error).toMatchObject({ kind: "INVALID_REQUEST", details: { providerCode: 100 } });
    });
  });

  describe("injected faults, each in Meta's wire format", () => {
    it("RATE_LIMITED: waits the whole minutes Meta announces in X-Business-Use-Case-Usage", async () => {
      sandbox().host.inject("whatsapp", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 60,
        match: { method: "POST", path: "/messages" },
      });
      const message = text("15550102011");
      await whatsappConnector.send(ctx(), connectionOf(account()), message);
      expect(sandbox().waits).toEqual([60_000]);
    });

    it("RATE_LIMITED: a wait longer than the core holds a caller is handed back, not retried", async () => {
      sandbox().host.inject("whatsapp", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 300,
        match: { method: "GET" },
      });
      const before = sandbox().host.requests.length;
      const error = await failure(whatsappConnector.verify(ctx(), connectionOf(account())));
      expect(error).toMatchObject({
        kind: "RATE_LIMITED",
        details: { providerCode: 80007, retryAfterMs: 300_000 },
      });
      expect(sandbox().host.requests.length - before).toBe(1);
      expect(sandbox().waits).toEqual([]);
    });

    it("UNAVAILABLE: Graph's transient (#2) 503, when it persists", async () => {
      sandbox().host.inject("whatsapp", { kind: "UNAVAILABLE", match: { method: "GET" } }, 3);
      const error = await failure(whatsappConnector.verify(ctx(), connectionOf(account())));
      expect(error).toMatchObject({ kind: "UNAVAILABLE", details: { providerCode: 2 } });
    });

    it("AUTH_EXPIRED: 190/463 stays expired (system-user tokens have no refresh) until a new token is issued", async () => {
      sandbox().host.inject("whatsapp", { kind: "AUTH_EXPIRED", match: { path: "/messages" } });
      const connection = connectionOf(account());
      const message = text("15550102013");
      const error = await failure(whatsappConnector.send(ctx(), connection, message));
      expect(error).toMatchObject({ kind: "AUTH_EXPIRED", details: { providerCode: 190 } });
      expect((await failure(whatsappConnector.verify(ctx(), connection))).kind).toBe(
        "AUTH_EXPIRED",
      );
      const renewed = wa().issueToken(account().phoneNumberId);
      await expect(
        whatsappConnector.send(
          ctx(),
          connectionOf({ ...account(), accessToken: renewed }),
          message,
        ),
      ).resolves.toHaveProperty("providerMessageId");
    });

    it("AUTH_REVOKED: a token Meta never issued is 190, as a revoked one", async () => {
      const unknown = connectionOf({ ...account(), accessToken: "EAAnot-a-real-token" });
      expect(await failure(whatsappConnector.verify(ctx(), unknown))).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: 190 },
      });
    });
  });

  describe("status webhooks", () => {
    it("carry Meta's ids (<wamid>:<status>) and times; Meta signs no timestamp, so a replay verifies and repeats them", async () => {
      const { providerMessageId } = await whatsappConnector.send(
        ctx(),
        connectionOf(account()),
        text("15550102001"),
      );
      const mine = (await events()).filter(
        e => e.type === "MESSAGE_STATUS" && e.providerMessageId === providerMessageId,
      );
      expect(mine).not.toHaveLength(0);
      for (const event of mine) {
        expect(event).toMatchObject({
          eventId: `${providerMessageId}:${"status" in event ? event.status.toLowerCase() : ""}`,
          occurredAt: expect.any(Date),
        });
      }

      const request = receiver().received.find(r =>
        r.rawBody.toString().includes(providerMessageId),
      ) as WebhookRequest;
      const replay = { ...request, rawBody: Buffer.from(request.rawBody) };
      expect(whatsappWebhooks.verify(replay, keys())).toBe(true);
      expect(whatsappWebhooks.parse(replay).map(e => e.eventId)).toEqual(
        whatsappWebhooks.parse(request).map(e => e.eventId),
      );
    });
  });

  describe("the subscription handshake", () => {
    const handshake = (token: string) =>
      whatsappWebhooks.handshake?.(
        {
          method: "GET",
          url: `${receiver().url}/webhooks/whatsapp`,
          segments: [],
          query: new URLSearchParams({
            "hub.mode": "subscribe",
            "hub.verify_token": token,
            "hub.challenge": "1158201444",
          }),
          headers: {},
          rawBody: Buffer.alloc(0),
        },
        keys(),
      );

    it("echoes the challenge as text when the verify token matches, and refuses otherwise", () => {
      expect(whatsappConnector.webhooks).toBe(whatsappWebhooks);
      expect(handshake(sandbox().configs.whatsapp.webhookSecret ?? "")).toEqual({
        status: 200,
        headers: { "content-type": "text/plain" },
        body: "1158201444",
      });
      expect(handshake("guess")).toEqual({ status: 403 });
    });
  });

  describe("inbound messages and opt-outs", () => {
    it("parses a user's text, and flags STOP as an opt-out", async () => {
      const stop = wa().receive({
        from: "15550102005",
        phoneNumberId: account().phoneNumberId,
        text: " stop ",
      });
      const hello = wa().receive({
        from: "15550102005",
        phoneNumberId: account().phoneNumberId,
        text: "hello",
      });
      const inbound = (await events()).filter(e => e.eventId === stop || e.eventId === hello);
      expect(inbound).toEqual([
        {
          type: "INBOUND_MESSAGE",
          eventId: stop,
          accountId: account().phoneNumberId,
          from: "+15550102005",
          to: `+${account().displayPhoneNumber.replace(/\D/g, "")}`,
          text: " stop ",
          optOut: true,
        },
        expect.objectContaining({ eventId: hello, text: "hello", optOut: false }),
      ]);
    });

    it("reads Meta's user_preferences stop as OPT_OUT; marketing then fails with 131050, utility still goes", async () => {
      const user = "15550102006";
      wa().stopMarketing({ from: user, phoneNumberId: account().phoneNumberId });
      const optOuts = (await events()).filter(
        e => e.type === "OPT_OUT" && e.address === `+${user}`,
      );
      expect(optOuts).toEqual([
        expect.objectContaining({
          type: "OPT_OUT",
          accountId: account().phoneNumberId,
          reason: "marketing_messages",
        }),
      ]);

      const connection = connectionOf(account());
      const sale: OutboundMessage = {
        messageId: randomUUID(),
        to: user,
        template: { name: "spring_sale", parameters: { "1": "20%" } },
      };
      const order: OutboundMessage = {
        messageId: randomUUID(),
        to: user,
        template: { name: "order_update", parameters: { "1": "A-17" } },
      };
      const saleSent = await whatsappConnector.send(ctx(), connection, sale);
      const orderSent = await whatsappConnector.send(ctx(), connection, order);
      const statuses = await events();
      expect(
        statuses.filter(
          e => e.type === "MESSAGE_STATUS" && e.providerMessageId === saleSent.providerMessageId,
        ),
      ).toEqual([
        expect.objectContaining({
          status: "FAILED",
          errorCode: "131050",
          optedOut: true,
          messageId: sale.messageId,
        }),
      ]);
      expect(
        statuses.some(
          e =>
            e.type === "MESSAGE_STATUS" &&
            e.providerMessageId === orderSent.providerMessageId &&
            e.status === "DELIVERED",
        ),
      ).toBe(true);

      // Resuming is the user's opt-in: one OPT_IN, no new opt-out, and marketing is delivered again.
      wa().resumeMarketing({ from: user, phoneNumberId: account().phoneNumberId });
      const again = await whatsappConnector.send(ctx(), connection, {
        ...sale,
        messageId: randomUUID(),
      });
      const after = await events();
      expect(after.filter(e => e.type === "OPT_OUT" && e.address === `+${user}`)).toHaveLength(1);
      expect(after.filter(e => e.type === "OPT_IN" && e.address === `+${user}`)).toHaveLength(1);
      expect(
        after.some(
          e =>
            e.type === "MESSAGE_STATUS" &&
            e.providerMessageId === again.providerMessageId &&
            e.status === "DELIVERED",
        ),
      ).toBe(true);
    });
  });

  describe("the classifier, for signals the sandbox does not produce on its own", () => {
    const graph = (
      error: Record<string, unknown>,
      status = 400,
      headers: Record<string, string> = {},
    ) =>
      classifyWhatsapp(
        {
          status,
          headers: new Headers(headers),
          body: {
            error: {
              message: "raw provider text +15550100",
              type: "OAuthException",
              fbtrace_id: "Atrace",
              ...error,
            },
          },
        },
        "whatsapp",
      );

    it.each([
      [{ code: 131050 }, "INVALID_REQUEST"],
      [{ code: 190, error_subcode: 463 }, "AUTH_EXPIRED"],
      [{ code: 190, error_subcode: 467 }, "AUTH_REVOKED"],
      [{ code: 200 }, "PERMISSION_DENIED"],
      [{ code: 131056 }, "RATE_LIMITED"],
      [{ code: 131048 }, "RATE_LIMITED"],
      [{ code: 4 }, "RATE_LIMITED"],
      [{ code: 131000 }, "UNAVAILABLE"],
      [{ code: 131016 }, "UNAVAILABLE"],
      [{ code: 999_999, is_transient: true }, "UNAVAILABLE"],
      [{ code: 131047 }, "INVALID_REQUEST"],
    ])("%j is %s, keeping Meta's code and no raw text", (error, kind) => {
      const result = graph(error);
      expect(result).toMatchObject({
        kind,
        details: { providerCode: error.code, providerRequestId: "Atrace" },
      });
      expect(result?.message).not.toContain("raw provider text");
    });

    it("Graph has no errors inside HTTP 200, but a body carrying a Graph error fails whatever the status", () => {
      expect(
        classifyWhatsapp(
          { status: 200, headers: new Headers(), body: { messages: [{ id: "wamid.x" }] } },
          "whatsapp",
        ),
      ).toBeUndefined();
      expect(graph({ code: 100 }, 200)).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: 100 },
      });
    });

    it("an unknown code falls back on the HTTP status, and a wait comes from the BUC header", () => {
      expect(graph({ code: 12_345 }, 502)).toMatchObject({
        kind: "UNAVAILABLE",
        details: { providerCode: 12_345 },
      });
      const usage = JSON.stringify({
        "1": [{ type: "whatsapp", estimated_time_to_regain_access: 3 }],
      });
      expect(
        graph({ code: 80007 }, 429, { "x-business-use-case-usage": usage })?.details.retryAfterMs,
      ).toBe(180_000);
    });
  });
});
