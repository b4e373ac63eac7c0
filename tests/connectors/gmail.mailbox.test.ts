import { describe, expect, it } from "@jest/globals";
import { listMessages } from "../../connectors/gmail/gmail.client.js";
import { gmailConnector } from "../../connectors/gmail/gmail.connector.js";
import { GMAIL_SCOPES } from "../../connectors/gmail/gmail.scopes.js";
import { useGmailFixture, failure } from "./support/gmail.fixture.js";

// Reading the mailbox: finding a lost send again, paging lists, replies and bounces.
describe("the Gmail connector against its sandbox", () => {
  const { sandbox, gmail, ctx, connection, message, sentWith } = useGmailFixture();

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
    const token = owner.secrets.accessToken!;
    for (let i = 0; i < 3; i += 1) {
      await gmailConnector.send(ctx(), owner, message({ subject: `Page test ${i}` }));
    }
    const first = await listMessages(ctx(), token, { q: "in:sent subject:page", maxResults: 2 });
    expect(first).toMatchObject({ resultSizeEstimate: 3 });
    expect(first.messages).toHaveLength(2);
    const second = await listMessages(ctx(), token, {
      q: "in:sent subject:page",
      maxResults: 2,
      pageToken: first.nextPageToken!,
    });
    expect(second.messages).toHaveLength(1);
    expect(second.nextPageToken).toBeUndefined();
    const none = await listMessages(ctx(), token, { q: "rfc822msgid:nothing@crosscast.mail" });
    expect(none).toEqual({ messages: [], resultSizeEstimate: 0 });
    await expect(
      failure(listMessages(ctx(), token, { pageToken: "12345" })),
    ).resolves.toMatchObject({ kind: "INVALID_REQUEST" });
  });

  it("Gmail has no opt-out signal: an unsubscribe reply is just mail in the inbox", async () => {
    const owner = connection();
    const reply = gmail().receiveEmail({
      to: owner.settings.emailAddress!,
      from: "Reader <reader@example.com>",
      subject: "Re: Angebote — bitte abmelden",
      text: "unsubscribe",
    });
    const found = await listMessages(ctx(), owner.secrets.accessToken!, {
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

    const token = owner.secrets.accessToken!;
    let bounces = await listMessages(ctx(), token, { q: "from:mailer-daemon in:inbox" });
    for (let tries = 0; bounces.messages.length === 0 && tries < 50; tries += 1) {
      await new Promise(resolve => setTimeout(resolve, 10));
      bounces = await listMessages(ctx(), token, { q: "from:mailer-daemon in:inbox" });
    }
    const [sent] = sentWith(outbound.messageId);
    expect(bounces.messages.map(m => m.threadId)).toEqual([sent!.threadId]);
  });
});
