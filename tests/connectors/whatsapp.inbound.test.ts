import { describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import type { OutboundMessage } from "../../connectors/kit/contracts/index.js";
import { whatsappConnector } from "../../connectors/whatsapp/whatsapp.connector.js";
import { useWhatsappFixture, connectionOf } from "./support/whatsapp.fixture.js";

// Messages users send, and their opt-outs and opt-ins, as Meta's webhooks report them.
describe("WhatsApp Cloud API connector against its sandbox", () => {
  const { account, wa, ctx, events } = useWhatsappFixture();

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
});
