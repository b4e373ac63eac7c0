import { describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import type { OutboundMessage } from "../../connectors/kit/contracts/index.js";
import { whatsappConnector } from "../../connectors/whatsapp/whatsapp.connector.js";
import { WHATSAPP_DEMO_ACCOUNT } from "../../connectors/whatsapp/whatsapp.sandbox.js";
import { useWhatsappFixture, connectionOf, text } from "./support/whatsapp.fixture.js";

// Verifying a number, sending texts and templates, and subscribing the app to the WABA's webhooks.
describe("WhatsApp Cloud API connector against its sandbox", () => {
  const { sandbox, receiver, account, wa, ctx, acceptedFor, events } = useWhatsappFixture();

  it("verifies the demo account without any control call", async () => {
    const identity = await whatsappConnector.verify(
      ctx(),
      connectionOf({ ...WHATSAPP_DEMO_ACCOUNT.secrets, ...WHATSAPP_DEMO_ACCOUNT.settings }),
    );
    expect(identity).toEqual({
      externalAccountId: WHATSAPP_DEMO_ACCOUNT.settings.phoneNumberId,
      displayName: `Crosscast Demo (${WHATSAPP_DEMO_ACCOUNT.displayPhoneNumber})`,
      settings: { displayPhoneNumber: WHATSAPP_DEMO_ACCOUNT.displayPhoneNumber },
    });
  });

  it("sends a text as Meta's JSON and returns the wamid, accepted exactly once", async () => {
    const message = text("+1 (555) 010-2002");
    const result = await whatsappConnector.send(ctx(), connectionOf(account()), message);
    expect(result.providerMessageId).toMatch(/^wamid\./);
    expect(acceptedFor(message.messageId)).toEqual([
      expect.objectContaining({
        id: result.providerMessageId,
        phoneNumberId: account().phoneNumberId,
        to: "15550102002",
        type: "text",
        text: "Hello from Crosscast",
      }),
    ]);
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
});
