import { describe, expect, it } from "@jest/globals";
import { createGmailClient } from "../../connectors/gmail/gmail.client.js";
import { gmailConnector } from "../../connectors/gmail/gmail.connector.js";
import { GMAIL_DEMO_ACCOUNT } from "../../connectors/gmail/gmail.demo.js";
import { GMAIL_SCOPES } from "../../connectors/gmail/gmail.oauth.js";
import { ConnectorError } from "../../connectors/kit/connector-error.js";
import { refreshAccessToken } from "../../connectors/kit/oauth2.js";
import { useGmailFixture, failure } from "./support/gmail.fixture.js";

// What is particular to Gmail: RFC 2822 mail through users.messages.send, the Message-ID search
// that finds a lost send again, paged lists, and mail (replies, bounces) instead of webhooks.
describe("the Gmail connector against its sandbox", () => {
  const { sandbox, gmail, ctx, tokenGrant, connection, message, sentWith, sendRequests } =
    useGmailFixture();

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
    const stored = await createGmailClient(ctx(), owner).getMessageMetadata(sent!.id, [
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
    const first = await refreshAccessToken(tokenGrant(), GMAIL_DEMO_ACCOUNT.secrets.refreshToken!);
    const second = await refreshAccessToken(tokenGrant(), GMAIL_DEMO_ACCOUNT.secrets.refreshToken!);
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

  it("a send whose answer is lost is found again by its Message-ID (rfc822msgid:) and never sent twice", async () => {
    const owner = connection();
    sandbox().host.inject("gmail", {
      kind: "TIMEOUT_AFTER_SENDING",
      match: { method: "POST", path: "/messages/send" },
    });
    const outbound = message();
    const result = await gmailConnector.send(ctx({ timeoutMs: 300 }), owner, outbound);
    const sent = sentWith(outbound.messageId);
    expect(sent.map(s => s.id)).toEqual([result.providerMessageId]);
    expect(
      sandbox().host.requests.some(
        r => r.method === "GET" && r.path.endsWith("/users/me/messages"),
      ),
    ).toBe(true);
  });

  it("without read access a lost answer cannot be looked up: UNKNOWN_OUTCOME, and still sent once", async () => {
    const sendOnly = connection([GMAIL_SCOPES.send]);
    sandbox().host.inject("gmail", {
      kind: "TIMEOUT_AFTER_SENDING",
      match: { method: "POST", path: "/messages/send" },
    });
    const outbound = message();
    const error = await failure(gmailConnector.send(ctx({ timeoutMs: 300 }), sendOnly, outbound));
    expect(error).toMatchObject({ kind: "UNKNOWN_OUTCOME" });
    expect(sentWith(outbound.messageId)).toHaveLength(1);
  });

  it("lists messages page by page (maxResults, pageToken → nextPageToken) and refuses an unknown page token", async () => {
    const owner = connection();
    const client = createGmailClient(ctx(), owner);
    for (let i = 0; i < 3; i += 1) {
      await gmailConnector.send(ctx(), owner, message({ subject: `Page test ${i}` }));
    }
    const first = await client.listMessages({ q: "in:sent subject:page", maxResults: 2 });
    expect(first).toMatchObject({ resultSizeEstimate: 3 });
    expect(first.messages).toHaveLength(2);
    const second = await client.listMessages({
      q: "in:sent subject:page",
      maxResults: 2,
      pageToken: first.nextPageToken!,
    });
    expect(second.messages).toHaveLength(1);
    expect(second.nextPageToken).toBeUndefined();
    const none = await client.listMessages({ q: "rfc822msgid:nothing@crosscast.mail" });
    expect(none).toEqual({ messages: [], resultSizeEstimate: 0 });
    await expect(failure(client.listMessages({ pageToken: "12345" }))).resolves.toMatchObject({
      kind: "INVALID_REQUEST",
    });
  });

  it("Gmail has no opt-out signal: an unsubscribe reply is just mail in the inbox", async () => {
    const owner = connection();
    const reply = gmail().receiveEmail({
      to: owner.settings.emailAddress!,
      from: "Reader <reader@example.com>",
      subject: "Re: Angebote — bitte abmelden",
      text: "unsubscribe",
    });
    const found = await createGmailClient(ctx(), owner).listMessages({
      q: "in:inbox from:reader@example.com subject:abmelden",
    });
    expect(found.messages.map(m => m.id)).toEqual([reply.id]);
    expect(
      gmail()
        .mailbox(owner.settings.emailAddress!)
        .map(m => m.id),
    ).toContain(reply.id);
  });

  it("Gmail sends no webhooks (no handler, statuses stay SENT): a failed delivery comes back as a bounce email", async () => {
    expect(gmailConnector.webhooks).toBeUndefined();
    expect(gmailConnector.register).toBeUndefined();
    const owner = connection();
    const outbound = message({ to: "bounce@example.com" });
    await gmailConnector.send(ctx(), owner, outbound);
    await sandbox().host.webhooks.settled();
    expect(sandbox().host.webhooks.delivered).toEqual([]);

    const client = createGmailClient(ctx(), owner);
    let bounces = await client.listMessages({ q: "from:mailer-daemon in:inbox" });
    for (let tries = 0; bounces.messages.length === 0 && tries < 50; tries += 1) {
      await new Promise(resolve => setTimeout(resolve, 10));
      bounces = await client.listMessages({ q: "from:mailer-daemon in:inbox" });
    }
    const [sent] = sentWith(outbound.messageId);
    expect(bounces.messages.map(m => m.threadId)).toEqual([sent!.threadId]);
  });

  it("a new sandbox connection has fresh credentials of its own, which verify", async () => {
    const one = gmail().createConnection();
    const two = gmail().createConnection();
    expect(one.secrets.accessToken).not.toBe(two.secrets.accessToken);
    expect(one.secrets.refreshToken).toMatch(/^1\/\//);
    const handle = { id: "fresh", workspaceId: "workspace-1", ...one };
    await expect(gmailConnector.verify(ctx(), handle)).resolves.toMatchObject({
      externalAccountId: one.settings.emailAddress,
    });
  });
});
