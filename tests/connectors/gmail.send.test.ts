import { describe, expect, it } from "@jest/globals";
import { getMessageMetadata } from "../../connectors/gmail/gmail.client.js";
import { gmailConnector } from "../../connectors/gmail/gmail.connector.js";
import { GMAIL_DEMO_ACCOUNT } from "../../connectors/gmail/gmail.sandbox.js";
import { ConnectorError } from "../../connectors/kit/connector-error.js";
import { refreshAccessToken } from "../../connectors/kit/oauth2.js";
import { useGmailFixture, failure } from "./support/gmail.fixture.js";

// Verifying an account and sending RFC 2822 mail through users.messages.send.
describe("the Gmail connector against its sandbox", () => {
  const { ctx, tokenGrant, connection, message, sentWith, sendRequests } = useGmailFixture();

  it("verifies a connection: the profile's address is the account id, its name and the From setting", async () => {
    const owner = connection();
    await expect(gmailConnector.verify(ctx(), owner)).resolves.toEqual({
      externalAccountId: owner.settings.emailAddress,
      displayName: owner.settings.emailAddress,
      settings: { emailAddress: owner.settings.emailAddress },
    });
  });

  it("sends an RFC 2822 multipart/alternative message with an encoded subject, UTF-8 bodies and CRLF lines", async () => {
    const owner = connection();
    const outbound = message({
      subject: "Grüße aus Köln ✉ — Angebote",
      text: "Hallo Jürgen,\nunser Angebot: 20 % Rabatt = heute.\n",
      html: "<p>Hallo J&uuml;rgen, <b>20 %</b> Rabatt</p>",
    });
    const result = await gmailConnector.send(ctx(), owner, outbound);

    const [sent, ...others] = sentWith(outbound.messageId);
    expect(others).toHaveLength(0);
    expect(result.providerMessageId).toBe(sent!.id);
    expect(sent).toMatchObject({
      from: owner.settings.emailAddress,
      to: ["reader@example.com"],
      subject: outbound.subject,
      text: "Hallo Jürgen,\r\nunser Angebot: 20 % Rabatt = heute.\r\n",
      html: outbound.html,
    });
    expect(sent!.raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(sent!.raw).toMatch(/^Content-Type: multipart\/alternative; boundary="/m);
    expect(sent!.raw).toMatch(/^MIME-Version: 1\.0\r$/m);
    expect(sent!.raw).toMatch(/^Date: \w{3}, \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000\r$/m);
    expect(sent!.raw).not.toMatch(/[^\r]\n/);
    // Gmail stored it under the same Message-ID: the reconcile search depends on that.
    const stored = await getMessageMetadata(ctx(), owner.secrets.accessToken!, sent!.id, [
      "Message-ID",
    ]);
    expect(stored.headers).toEqual([
      { name: "Message-ID", value: `<${outbound.messageId}@crosscast.mail>` },
    ]);
  });

  it("sends text alone as one text/plain part, folding a long subject and soft-breaking long lines", async () => {
    const owner = connection();
    const subject = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    const text = `${"x".repeat(300)}=\n${"é".repeat(10)} trailing space \n`;
    const outbound = message({ subject, text });
    await gmailConnector.send(ctx(), owner, outbound);

    const [sent] = sentWith(outbound.messageId);
    expect(sent).toMatchObject({ subject, text: text.replace(/\n/g, "\r\n") });
    expect(sent!.html).toBeUndefined();
    expect(sent!.raw).toMatch(/^Content-Type: text\/plain; charset="UTF-8"\r$/m);
    expect(sent!.raw).toMatch(/^Content-Transfer-Encoding: quoted-printable\r$/m);
    expect(sent!.raw.split("\r\n").every(line => line.length <= 78)).toBe(true);
  });

  it("refuses CR/LF in a header value (header injection) and templates with INVALID_REQUEST, before sending", async () => {
    const owner = connection();
    const before = sendRequests();
    for (const outbound of [
      message({ subject: "Hi\r\nBcc: victim@example.com" }),
      message({ to: "reader@example.com\nBcc: victim@example.com" }),
      message({ to: "one@example.com, two@example.com" }),
      message({ template: { name: "welcome" } }),
    ]) {
      const error = await failure(gmailConnector.send(ctx(), owner, outbound));
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error?.kind).toBe("INVALID_REQUEST");
    }
    expect(sendRequests()).toBe(before);
  });

  it("the demo account works without any setup, and its refresh token keeps working", async () => {
    await expect(gmailConnector.verify(ctx(), GMAIL_DEMO_ACCOUNT)).resolves.toMatchObject({
      externalAccountId: GMAIL_DEMO_ACCOUNT.externalAccountId,
    });
    const first = await refreshAccessToken(tokenGrant(), GMAIL_DEMO_ACCOUNT.secrets.refreshToken);
    const second = await refreshAccessToken(tokenGrant(), GMAIL_DEMO_ACCOUNT.secrets.refreshToken);
    expect(first.accessToken).not.toBe(second.accessToken);
    const demo = {
      id: "demo",
      workspaceId: "demo",
      secrets: { accessToken: second.accessToken },
      settings: { ...GMAIL_DEMO_ACCOUNT.settings },
    };
    const outbound = message();
    await gmailConnector.send(ctx(), demo, outbound);
    expect(sentWith(outbound.messageId)[0]?.account).toBe(GMAIL_DEMO_ACCOUNT.externalAccountId);
  });
});
