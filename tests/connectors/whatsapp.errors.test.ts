import { describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import type { OutboundMessage } from "../../connectors/kit/contracts/index.js";
import { whatsappConnector } from "../../connectors/whatsapp/whatsapp.connector.js";
import { useWhatsappFixture, connectionOf, failure, text } from "./support/whatsapp.fixture.js";

// Requests Meta refuses (bad messages and templates, missing permissions), in Graph's format.
describe("WhatsApp Cloud API connector against its sandbox", () => {
  const { sandbox, account, wa, ctx, acceptedFor } = useWhatsappFixture();

  describe("errors, each in Meta's wire format", () => {
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

    it("PERMISSION_DENIED: a token without whatsapp_business_messaging (code 10), and the injected fault", async () => {
      const readOnly = wa().createAccount({ permissions: ["whatsapp_business_management"] });
      const error = await failure(
        whatsappConnector.send(ctx(), connectionOf(readOnly), text("15550102010")),
      );
      expect(error).toMatchObject({ kind: "PERMISSION_DENIED", details: { providerCode: 10 } });
      sandbox().host.inject("whatsapp", { kind: "PERMISSION_DENIED", match: { method: "GET" } });
      expect((await failure(whatsappConnector.verify(ctx(), connectionOf(account())))).kind).toBe(
        "PERMISSION_DENIED",
      );
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
});
