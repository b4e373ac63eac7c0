import { describe, expect, it } from "@jest/globals";
import { sendgridConnector } from "../../connectors/sendgrid/sendgrid.connector.js";
import { SENDGRID_DEMO_ACCOUNT } from "../../connectors/sendgrid/sendgrid.sandbox.js";
import { useSendgridFixture } from "./support/sendgrid.fixture.js";

// Verifying an API key, sending mail and templates, and the sandbox's OpenAPI check of mail/send.
describe("the SendGrid connector against its sandbox", () => {
  const { receiver, sg, ctx, api, failure, connection, email, sentWith } = useSendgridFixture();

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
        externalAccountId: String(SENDGRID_DEMO_ACCOUNT.userId),
        displayName: SENDGRID_DEMO_ACCOUNT.username,
      });
      const conn = { ...demo, id: "conn-demo", workspaceId: "ws-demo" };
      const result = await sendgridConnector.send(ctx(), conn, email("reader-demo@example.com"));
      expect(sentWith(demo.secrets.apiKey).map(mail => mail.xMessageId)).toEqual([
        result.providerMessageId,
      ]);
      const settings = await sendgridConnector.register!(ctx(), conn, {
        webhookUrl: `${receiver().url}/webhooks/sendgrid/conn-demo`,
      });
      expect(settings).toEqual({ webhookPublicKey: demo.settings.webhookPublicKey });
    });

    it("sends one email: 202, X-Message-Id as the provider id, Crosscast's id in custom_args", async () => {
      const account = sg().createAccount();
      const message = email("ada@example.com");
      const result = await sendgridConnector.send(ctx(), connection(account), message);
      const [mail, ...others] = sentWith(account.apiKey);
      expect(others).toHaveLength(0);
      expect(result).toEqual({ providerMessageId: mail!.xMessageId });
      expect(mail!.body).toEqual({
        personalizations: [{ to: [{ email: "ada@example.com" }] }],
        from: { email: account.fromEmail, name: "Crosscast Tests" },
        subject: "Spring sale",
        content: [
          { type: "text/plain", value: "Everything is 20% off." },
          { type: "text/html", value: "<p>Everything is <b>20%</b> off.</p>" },
        ],
        custom_args: { crosscast_message_id: message.messageId },
      });
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
          { to: [{ email: "grace@example.com" }], dynamic_template_data: { first_name: "Grace" } },
        ],
        from: { email: account.fromEmail, name: "Crosscast Tests" },
        template_id: "d-0123456789abcdef",
        custom_args: { crosscast_message_id: message.messageId },
      });
    });

    it("refuses before sending an email with neither a template nor a body", async () => {
      const account = sg().createAccount();
      const message = email("x@example.com", { text: undefined, html: undefined });
      const error = await failure(sendgridConnector.send(ctx(), connection(account), message));
      expect(error.kind).toBe("INVALID_REQUEST");
      expect(sentWith(account.apiKey)).toHaveLength(0);
    });
  });

  describe("OpenAPI validation of mail/send (official spec, connectors/specs/sendgrid_mail_v3.json)", () => {
    const post = async (apiKey: string, body: unknown) => {
      const response = await fetch(api("/v3/mail/send"), {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as unknown };
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
  });
});
