import { describe, expect, it } from "@jest/globals";
import { classifyGmail } from "../../connectors/gmail/gmail.classifier.js";
import { createGmailClient } from "../../connectors/gmail/gmail.client.js";
import { gmailConnector } from "../../connectors/gmail/gmail.connector.js";
import { GMAIL_DEMO_ACCOUNT } from "../../connectors/gmail/gmail.demo.js";
import { GMAIL_SCOPES } from "../../connectors/gmail/gmail.oauth.js";
import { ConnectorError } from "../../connectors/kit/connector-error.js";
import { tokensToSecrets } from "../../connectors/kit/contracts/index.js";
import {
  buildAuthorizeUrl,
  exchangeCode,
  refreshAccessToken,
} from "../../connectors/kit/oauth2.js";
import { createPkcePair } from "../../connectors/kit/pkce.js";
import { useGmailFixture, failure } from "./support/gmail.fixture.js";

/**
 * What is particular to Gmail, against its sandbox: RFC 2822 mail through users.messages.send,
 * paged lists and the Message-ID the lookup searches for, mail (replies, bounces) instead of
 * webhooks, Google's error reasons and quotas, and Google's OAuth (consent with PKCE, reusable
 * refresh tokens, access removed at Google). The messaging contract (a send, each fault's kind
 * and retry, a missing token, refresh and replay through the runtime, revoked grants, a lost send
 * found again, no webhooks) is held by tests/connectors/conformance/messaging.conformance.test.ts.
 */
describe("the Gmail connector against its sandbox", () => {
  const { sandbox, gmail, ctx, tokenGrant, connection, message, sentWith, sendRequests } =
    useGmailFixture();

  describe("mail", () => {
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
      const first = await refreshAccessToken(
        tokenGrant(),
        GMAIL_DEMO_ACCOUNT.secrets.refreshToken!,
      );
      const second = await refreshAccessToken(
        tokenGrant(),
        GMAIL_DEMO_ACCOUNT.secrets.refreshToken!,
      );
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

    it("Gmail sends no webhooks, so there is nothing to register: a failed delivery comes back as a bounce email in the thread", async () => {
      expect(gmailConnector.register).toBeUndefined();
      const owner = connection();
      const outbound = message({ to: "bounce@example.com" });
      await gmailConnector.send(ctx(), owner, outbound);

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

  // Google's refusals and quotas, each read as its kind of failure.
  describe("Google's errors and quotas", () => {
    it("400 INVALID_ARGUMENT is INVALID_REQUEST: Gmail refuses a message without a recipient", async () => {
      const owner = connection();
      const raw = "From: someone@example.com\r\nSubject: nobody\r\n\r\nbody";
      const error = await failure(
        createGmailClient(ctx(), owner).sendMessage({
          raw: Buffer.from(raw, "utf8").toString("base64url"),
        }),
      );
      expect(error).toMatchObject({ kind: "INVALID_REQUEST" });
      expect(error?.details.providerCode).toBe("invalidArgument");
      expect(error?.message).not.toMatch(/Recipient/);
    });

    it("404 notFound for an unknown message is INVALID_REQUEST", async () => {
      const owner = connection();
      const error = await failure(
        createGmailClient(ctx(), owner).getMessageMetadata("18c0ffee00000000"),
      );
      expect(error).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: "notFound" },
      });
    });

    it("403 insufficientPermissions is PERMISSION_DENIED: a gmail.send-only token cannot read the profile", async () => {
      const sendOnly = connection([GMAIL_SCOPES.send]);
      const error = await failure(gmailConnector.verify(ctx(), sendOnly));
      expect(error).toMatchObject({
        kind: "PERMISSION_DENIED",
        details: { providerCode: "insufficientPermissions" },
      });
      sandbox().host.inject("gmail", { kind: "PERMISSION_DENIED", match: { path: "/profile" } });
      await expect(failure(gmailConnector.verify(ctx(), connection()))).resolves.toMatchObject({
        kind: "PERMISSION_DENIED",
      });
    });

    it("429 RESOURCE_EXHAUSTED with Retry-After: the core waits the 7 s Gmail announced", async () => {
      const owner = connection();
      sandbox().host.inject("gmail", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 7,
        match: { path: "/messages/send" },
      });
      await gmailConnector.send(ctx(), owner, message());
      expect(sandbox().waits).toEqual([7_000]);
    });

    it("403 userRateLimitExceeded (the per-user quota) is RATE_LIMITED", async () => {
      const owner = connection();
      gmail().setQueryRate(owner.settings.emailAddress!, 1);
      await gmailConnector.verify(ctx(), owner);
      const error = await failure(gmailConnector.verify(ctx(), owner));
      expect(error).toMatchObject({
        kind: "RATE_LIMITED",
        details: { providerCode: "userRateLimitExceeded" },
      });
    });

    it("the daily sending limit: a 429 whose wait is longer than a caller is held is handed back", async () => {
      const owner = connection();
      gmail().setSendingLimit(owner.settings.emailAddress!, 1);
      await gmailConnector.send(ctx(), owner, message());
      const outbound = message();
      const error = await failure(gmailConnector.send(ctx(), owner, outbound));
      expect(error).toMatchObject({
        kind: "RATE_LIMITED",
        details: { providerCode: "rateLimitExceeded" },
      });
      expect(error?.details.retryAfterMs).toBeGreaterThan(60_000);
      expect(sentWith(outbound.messageId)).toHaveLength(0);
    });

    it("Gmail has no errors inside HTTP 200 bodies: a 200 is success whatever it holds", () => {
      const response = { status: 200, headers: new Headers(), body: { error: { code: 400 } } };
      expect(classifyGmail(response, "gmail")).toBeUndefined();
      expect(classifyGmail({ ...response, status: 400 }, "gmail")?.kind).toBe("INVALID_REQUEST");
    });
  });

  // Google's OAuth: consent, code exchange with PKCE, refresh, and expired or revoked grants.
  describe("Google's OAuth", () => {
    it("an access token whose hour is over is AUTH_EXPIRED (authError); the refresh grant gives an hour more and keeps the refresh token", async () => {
      const owner = connection();
      gmail().expireAccessToken(owner.secrets.accessToken!);
      await expect(failure(gmailConnector.verify(ctx(), owner))).resolves.toMatchObject({
        kind: "AUTH_EXPIRED",
        details: { providerCode: "authError" },
      });
      const tokens = await refreshAccessToken(tokenGrant(), owner.secrets.refreshToken!);
      expect(tokens.accessToken).toMatch(/^ya29\./);
      expect(tokens.refreshToken).toBeUndefined(); // reusable: the old refresh token stays
      expect(tokens.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
      await expect(
        gmailConnector.verify(ctx(), { ...owner, secrets: { accessToken: tokens.accessToken } }),
      ).resolves.toMatchObject({ externalAccountId: owner.settings.emailAddress });
    });

    it("access removed at Google (revokeAccess): the API answers 401 as for an expired token, and the refresh grant fails invalid_grant", async () => {
      const owner = connection();
      gmail().revokeAccess(owner.settings.emailAddress!);
      await expect(failure(gmailConnector.verify(ctx(), owner))).resolves.toMatchObject({
        kind: "AUTH_EXPIRED",
      });
      await expect(
        failure(refreshAccessToken(tokenGrant(), owner.secrets.refreshToken!)),
      ).resolves.toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: "invalid_grant" },
      });
    });

    it("OAuth: authorize URL → consent redirect → code exchange with PKCE → verify the login_hint account", async () => {
      const config = sandbox().configs.gmail;
      const pkce = createPkcePair();
      const redirectUri = "https://crosscast.test/oauth/callback";
      const url = buildAuthorizeUrl(config, {
        state: "state-1",
        redirectUri,
        codeChallenge: pkce.challenge,
        extra: { login_hint: "boss@example.org" },
      });
      const query = new URL(url).searchParams;
      expect(query.get("access_type")).toBe("offline");
      expect(query.get("prompt")).toBe("consent");
      expect(query.get("scope")?.split(" ")).toEqual([GMAIL_SCOPES.send, GMAIL_SCOPES.readonly]);

      const consent = await fetch(url, { redirect: "manual" });
      expect(consent.status).toBe(302);
      const back = new URL(consent.headers.get("location")!);
      expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
      expect(back.searchParams.get("state")).toBe("state-1");
      const code = back.searchParams.get("code")!;

      const tokens = await exchangeCode(tokenGrant(), {
        code,
        redirectUri,
        codeVerifier: pkce.verifier,
      });
      expect(tokens.refreshToken).toMatch(/^1\/\//);
      const identity = await gmailConnector.verify(ctx(), {
        secrets: tokensToSecrets(tokens),
        settings: {},
      });
      expect(identity.externalAccountId).toBe("boss@example.org");
      await expect(
        exchangeCode(tokenGrant(), { code, redirectUri, codeVerifier: pkce.verifier }),
      ).rejects.toMatchObject({ kind: "AUTH_REVOKED" }); // codes are single use
    });

    it("OAuth: a wrong redirect URI or code verifier is refused at the token endpoint", async () => {
      const config = sandbox().configs.gmail;
      const redirectUri = "https://crosscast.test/oauth/callback";
      const consent = async (challenge: string) => {
        const url = buildAuthorizeUrl(config, {
          state: "s",
          redirectUri,
          codeChallenge: challenge,
        });
        const reply = await fetch(url, { redirect: "manual" });
        return new URL(reply.headers.get("location")!).searchParams.get("code")!;
      };
      const pkce = createPkcePair();
      const wrongRedirect = await failure(
        exchangeCode(tokenGrant(), {
          code: await consent(pkce.challenge),
          redirectUri: "https://evil.test/callback",
          codeVerifier: pkce.verifier,
        }),
      );
      expect(wrongRedirect).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: "redirect_uri_mismatch" },
      });
      const wrongVerifier = await failure(
        exchangeCode(tokenGrant(), {
          code: await consent(pkce.challenge),
          redirectUri,
          codeVerifier: createPkcePair().verifier,
        }),
      );
      expect(wrongVerifier).toMatchObject({ details: { providerCode: "invalid_grant" } });
    });

    it("OAuth: a grant of gmail.send alone (without gmail.readonly) cannot verify", async () => {
      const config = sandbox().configs.gmail;
      const pkce = createPkcePair();
      const redirectUri = "https://crosscast.test/oauth/callback";
      const url = buildAuthorizeUrl(config, {
        state: "s",
        redirectUri,
        scopes: [GMAIL_SCOPES.send],
        codeChallenge: pkce.challenge,
      });
      const reply = await fetch(url, { redirect: "manual" });
      const code = new URL(reply.headers.get("location")!).searchParams.get("code")!;
      const tokens = await exchangeCode(tokenGrant(), {
        code,
        redirectUri,
        codeVerifier: pkce.verifier,
      });
      expect(tokens.scopes).toEqual([GMAIL_SCOPES.send]);
      await expect(
        failure(gmailConnector.verify(ctx(), { secrets: tokensToSecrets(tokens), settings: {} })),
      ).resolves.toMatchObject({ kind: "PERMISSION_DENIED" });
    });
  });
});
