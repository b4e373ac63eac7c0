import { describe, expect, it } from "@jest/globals";
import type { ConnectorContext, WebhookRequest } from "../../connectors/kit/contracts/index.js";
import {
  buildAuthorizeUrl,
  exchangeCode,
  refreshAccessToken,
} from "../../connectors/kit/oauth2.js";
import { createPkcePair } from "../../connectors/kit/pkce.js";
import type { ProviderConfig } from "../../connectors/kit/provider-config.js";
import { signSlack } from "../../connectors/slack/slack.webhooks.js";
import { classifySlack } from "../../connectors/slack/slack.classifier.js";
import { createSlackClient } from "../../connectors/slack/slack.client.js";
import { slackConnector } from "../../connectors/slack/slack.connector.js";
import { SLACK_DEMO_WORKSPACE } from "../../connectors/slack/slack.demo.js";
import { findPostedMessage } from "../../connectors/slack/slack.reconcile.js";
import { slackWebhooks } from "../../connectors/slack/slack.webhooks.js";
import { useSlackFixture, failure, messageId } from "./support/slack.fixture.js";

/**
 * What is particular to Slack, each part against its own sandbox: errors inside HTTP 200, the
 * message metadata and the history lookup that finds a lost post again, OAuth v2 with token
 * rotation, the Events API and the Web API's wire (form or JSON bodies, where the token may
 * travel). The messaging contract (a post and its message_metadata_posted event, each fault's
 * kind and retry, a missing token, refresh and replay, revoked tokens, a lost post found again,
 * forged signatures) is held by tests/connectors/conformance/messaging.conformance.test.ts.
 */

// Sending with Slack's chat.postMessage, and finding a post again when its answer was lost.
describe("Slack: sending, and finding a post again", () => {
  const { sandbox, slack, ctx, connection, demo, postsOf, calls } = useSlackFixture();

  describe("verify and send", () => {
    it("verify: auth.test names the workspace the token belongs to", async () => {
      await expect(slackConnector.verify(ctx(), demo)).resolves.toEqual({
        externalAccountId: "T0SANDBOX",
        displayName: "Crosscast Sandbox",
        settings: {
          teamId: "T0SANDBOX",
          teamUrl: "https://crosscast-sandbox.slack.com/",
          botUserId: "U0SANDBOXBOT",
          botId: "B0SANDBOXBOT",
        },
      });
    });

    it("posts JSON with a Bearer token and Crosscast's id in the metadata; the provider id is <channel>:<ts>", async () => {
      const id = messageId();
      const result = await slackConnector.send(ctx(), demo, {
        messageId: id,
        to: SLACK_DEMO_WORKSPACE.channels.general,
        text: "Spring sale starts today",
      });
      const [post] = postsOf(id);
      expect(result.providerMessageId).toBe(`C0SANDBOX01:${post!.ts}`);
      expect(post).toMatchObject({
        teamId: "T0SANDBOX",
        text: "Spring sale starts today",
        encoding: "json",
        tokenIn: "header",
        metadata: { event_type: "crosscast_message", event_payload: { message_id: id } },
      });
    });

    it("resolves a #name recipient to the channel's id", async () => {
      const result = await slackConnector.send(ctx(), demo, {
        messageId: messageId(),
        to: "#marketing",
        text: "Hello marketing",
      });
      expect(result.providerMessageId).toMatch(/^C0SANDBOX02:\d+\.\d{6}$/);
    });

    it("refuses a recipient that is neither a conversation id nor a #name, before calling Slack", async () => {
      const before = sandbox().host.requests.length;
      const error = await failure(
        slackConnector.send(ctx(), demo, { messageId: messageId(), to: "general", text: "hi" }),
      );
      expect(error.kind).toBe("INVALID_REQUEST");
      expect(sandbox().host.requests.length).toBe(before);
    });
  });

  describe("a post whose answer was lost", () => {
    const lost = (): ConnectorContext => ctx({ timeoutMs: 300 });

    it("to a #name cannot be looked up: UNKNOWN_OUTCOME, never posted twice", async () => {
      sandbox().host.inject("slack", {
        kind: "TIMEOUT_AFTER_SENDING",
        match: { path: "chat.postMessage" },
      });
      const id = messageId();
      const error = await failure(
        slackConnector.send(lost(), demo, { messageId: id, to: "#general", text: "hi" }),
      );
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
      expect(postsOf(id)).toHaveLength(1);
    });

    it("the lookup pages through the history with cursors, and says 'not there' only at the end", async () => {
      slack().createWorkspace({
        id: "T0PAGES",
        name: "Paging Team",
        channels: [{ id: "C0PAGES01", name: "pages" }],
      });
      const token = slack().issueToken("T0PAGES");
      const ids = [messageId(), messageId(), messageId(), messageId(), messageId()];
      for (const id of ids) {
        await slackConnector.send(ctx(), connection(token), {
          messageId: id,
          to: "C0PAGES01",
          text: id,
        });
      }
      const client = createSlackClient(ctx(), connection(token));
      const before = calls("conversations.history");
      const query = { channel: "C0PAGES01", oldest: "0", pageSize: 2 };
      const found = await findPostedMessage(client, { ...query, messageId: ids[0]! });
      expect(found?.ts).toBe(slack().messages("T0PAGES", "C0PAGES01")[0]!.ts);
      expect(calls("conversations.history")).toBe(before + 3);
      await expect(
        findPostedMessage(client, { ...query, messageId: "absent" }),
      ).resolves.toBeUndefined();
      await expect(
        findPostedMessage(client, { ...query, messageId: "absent", maxPages: 2 }),
      ).rejects.toMatchObject({ kind: "UNKNOWN_OUTCOME" });
    });
  });
});

// Slack answers most errors with HTTP 200 and `ok: false`: how each code is classified.
describe("Slack: errors inside HTTP 200", () => {
  const { slack, ctx, connection, postsOf, calls } = useSlackFixture();

  describe("Slack's errors inside HTTP 200", () => {
    it.each([
      ["channel_not_found", "INVALID_REQUEST", { to: "C0NOSUCH01" }],
      ["not_in_channel", "PERMISSION_DENIED", { to: "C0SANDBOX03" }],
      ["is_archived", "INVALID_REQUEST", { to: "C0SANDBOX04" }],
      ["msg_too_long", "INVALID_REQUEST", { text: "x".repeat(40_001) }],
      ["no_text", "INVALID_REQUEST", { text: "" }],
      ["invalid_auth", "AUTH_REVOKED", { token: "xoxb-not-a-token" }],
    ])("%s → %s, not retried, nothing posted", async (code, kind, change) => {
      const id = messageId();
      const before = calls("chat.postMessage");
      const token = "token" in change ? change.token : SLACK_DEMO_WORKSPACE.accessToken;
      const error = await failure(
        slackConnector.send(ctx(), connection(token), {
          messageId: id,
          to: "to" in change ? change.to : "C0SANDBOX01",
          text: "text" in change ? change.text : "hello",
        }),
      );
      expect(error).toMatchObject({ kind, details: { provider: "slack", providerCode: code } });
      expect(error.message).not.toContain("{");
      expect(calls("chat.postMessage")).toBe(before + 1);
      expect(postsOf(id)).toHaveLength(0);
    });

    it("missing_scope → PERMISSION_DENIED (a token without chat:write)", async () => {
      const token = slack().issueToken("T0SANDBOX", ["channels:history"]);
      const error = await failure(
        slackConnector.send(ctx(), connection(token), {
          messageId: messageId(),
          to: "C0SANDBOX01",
          text: "hello",
        }),
      );
      expect(error).toMatchObject({
        kind: "PERMISSION_DENIED",
        details: { providerCode: "missing_scope" },
      });
    });

    it("not_authed → AUTH_REVOKED: a token inside a JSON body is not read", async () => {
      const error = await failure(
        ctx().http({
          method: "POST",
          path: "chat.postMessage",
          body: {
            token: SLACK_DEMO_WORKSPACE.accessToken,
            channel: "C0SANDBOX01",
            text: "x",
          },
          idempotent: false,
        }),
      );
      expect(error).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: "not_authed" },
      });
    });

    it("classifies every documented code, 429 and 5xx, and a body that is not Slack's", () => {
      const response = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
        status,
        headers: new Headers({ "content-type": "application/json", ...headers }),
        body,
      });
      const kindOf = (code: string) =>
        classifySlack(response(200, { ok: false, error: code }), "slack")?.kind;
      const table: Record<string, string[]> = {
        AUTH_EXPIRED: ["token_expired"],
        AUTH_REVOKED: ["invalid_auth", "not_authed", "token_revoked", "account_inactive"],
        PERMISSION_DENIED: [
          "missing_scope",
          "not_in_channel",
          "restricted_action",
          "ekm_access_denied",
        ],
        RATE_LIMITED: ["ratelimited"],
        UNAVAILABLE: ["internal_error", "fatal_error", "service_unavailable", "request_timeout"],
        INVALID_REQUEST: [
          "channel_not_found",
          "msg_too_long",
          "no_text",
          "invalid_arguments",
          "invalid_blocks",
          "is_archived",
          "something_new",
        ],
      };
      for (const [kind, codes] of Object.entries(table)) {
        for (const code of codes) {
          expect([code, kindOf(code)]).toEqual([code, kind]);
        }
      }
      expect(classifySlack(response(200, { ok: true }), "slack")).toBeUndefined();
      expect(
        classifySlack(
          response(429, { ok: false, error: "ratelimited" }, { "retry-after": "3" }),
          "slack",
        ),
      ).toMatchObject({
        kind: "RATE_LIMITED",
        details: { retryAfterMs: 3000, providerCode: "ratelimited" },
      });
      expect(classifySlack(response(502, "<html>bad gateway</html>"), "slack")?.kind).toBe(
        "UNAVAILABLE",
      );
      expect(classifySlack(response(200, "<html>proxy</html>"), "slack")?.kind).toBe("UNAVAILABLE");
    });
  });
});

// The sandbox's injected faults (rate limits, outages, refusals), rendered as Slack sends them.
describe("Slack: injected faults", () => {
  const { sandbox, slack, ctx, connection, demo, postsOf, calls } = useSlackFixture();

  describe("injected faults, in Slack's wire format", () => {
    it("RATE_LIMITED: HTTP 429 with Retry-After; the core waits the 7 s Slack said", async () => {
      sandbox().host.inject("slack", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 7,
        match: { path: "chat.postMessage" },
      });
      await slackConnector.send(ctx(), demo, {
        messageId: messageId(),
        to: "C0SANDBOX01",
        text: "hi",
      });
      expect(sandbox().waits).toEqual([7_000]);
    });

    it("Slack's own per-channel limit answers 429 + Retry-After: 1", async () => {
      slack().createWorkspace({
        id: "T0LIMITS",
        name: "Limits Team",
        channels: [{ id: "C0LIMITS01", name: "limits" }],
      });
      const token = slack().issueToken("T0LIMITS");
      slack().limitPosts(1);
      try {
        const once = ctx({ retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 60_000 } });
        await slackConnector.send(once, connection(token), {
          messageId: messageId(),
          to: "C0LIMITS01",
          text: "a",
        });
        const id = messageId();
        const error = await failure(
          slackConnector.send(once, connection(token), {
            messageId: id,
            to: "C0LIMITS01",
            text: "b",
          }),
        );
        expect(error).toMatchObject({ kind: "RATE_LIMITED", details: { retryAfterMs: 1_000 } });
        expect(postsOf(id)).toHaveLength(0);
      } finally {
        slack().limitPosts(30);
      }
    });

    it("UNAVAILABLE: internal_error inside HTTP 200 is looked up in the history before the retry", async () => {
      sandbox().host.inject("slack", { kind: "UNAVAILABLE", match: { path: "chat.postMessage" } });
      const lookups = calls("conversations.history");
      await slackConnector.send(ctx(), demo, {
        messageId: messageId(),
        to: "C0SANDBOX01",
        text: "hi",
      });
      expect(calls("conversations.history")).toBe(lookups + 1);
    });

    it("renders injected faults as Slack's codes: missing_scope, invalid_arguments, token_expired", async () => {
      const token = connection(slack().issueToken("T0SANDBOX"));
      for (const [kind, code] of [
        ["PERMISSION_DENIED", "missing_scope"],
        ["INVALID_REQUEST", "invalid_arguments"],
        // Last: it expires the token.
        ["AUTH_EXPIRED", "token_expired"],
      ] as const) {
        sandbox().host.inject("slack", { kind, match: { path: "chat.postMessage" } });
        const error = await failure(
          slackConnector.send(ctx(), token, {
            messageId: messageId(),
            to: "C0SANDBOX01",
            text: "hi",
          }),
        );
        expect(error).toMatchObject({ kind, details: { providerCode: code } });
      }
    });

    it("AUTH_REVOKED on a static bot token: token_revoked, and the token stays dead", async () => {
      const dead = connection(slack().issueToken("T0SANDBOX"));
      sandbox().host.inject("slack", { kind: "AUTH_REVOKED", match: { path: "auth.test" } });
      const first = await failure(slackConnector.verify(ctx(), dead));
      const again = await failure(slackConnector.verify(ctx(), dead));
      for (const error of [first, again]) {
        expect(error).toMatchObject({
          kind: "AUTH_REVOKED",
          details: { providerCode: "token_revoked" },
        });
      }
    });
  });
});

// Installing the Slack app with OAuth v2, and refreshing its rotating tokens.
describe("Slack: OAuth v2", () => {
  const { sandbox, slack, config, ctx, connection, postsOf } = useSlackFixture();

  describe("OAuth v2 with token rotation", () => {
    const redirectUri = "https://app.crosscast.test/oauth/slack/callback";
    const grant = (overrides: Partial<ProviderConfig> = {}) => ({
      http: ctx().http,
      config: { ...config(), ...overrides },
      parse: slackConnector.oauth!.parseTokenResponse!,
    });
    async function consent(
      extra: Record<string, string> = {},
      scopes = ["chat:write", "channels:history"],
    ) {
      const url = buildAuthorizeUrl(config(), { state: "state-1", redirectUri, scopes, extra });
      const response = await fetch(url, { redirect: "manual" });
      expect(response.status).toBe(302);
      return new URL(response.headers.get("location") ?? "");
    }
    async function install(scopes?: string[]) {
      const code = (await consent({}, scopes)).searchParams.get("code") ?? "";
      return exchangeCode(grant(), { code, redirectUri });
    }

    it("authorize → consent redirect → code exchange → tokens that verify", async () => {
      const back = await consent();
      expect(back.origin + back.pathname).toBe(redirectUri);
      expect(back.searchParams.get("state")).toBe("state-1");
      const tokens = await exchangeCode(grant(), {
        code: back.searchParams.get("code") ?? "",
        redirectUri,
      });
      expect(tokens.accessToken).toMatch(/^xoxe\.xoxb-1-/);
      expect(tokens.refreshToken).toMatch(/^xoxe-1-/);
      expect(tokens.scopes).toEqual(["chat:write", "channels:history"]);
      expect(tokens.extra).toEqual({
        teamId: "T0SANDBOX",
        teamName: "Crosscast Sandbox",
        botUserId: "U0SANDBOXBOT",
      });
      expect(tokens.expiresAt!.getTime() - Date.now()).toBeGreaterThan(11 * 3600 * 1000);
      const identity = await slackConnector.verify(ctx(), connection(tokens.accessToken));
      expect(identity.externalAccountId).toBe("T0SANDBOX");
    });

    it("a refused consent redirects with error=access_denied and no code", async () => {
      const back = await consent({ deny: "1" });
      expect(back.searchParams.get("error")).toBe("access_denied");
      expect(back.searchParams.has("code")).toBe(false);
    });

    it("refuses a wrong redirect URI (bad_redirect_uri), then the spent code (code_already_used)", async () => {
      const code = (await consent()).searchParams.get("code") ?? "";
      const wrong = await failure(
        exchangeCode(grant(), { code, redirectUri: "https://evil.test/cb" }),
      );
      expect(wrong).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: "bad_redirect_uri" },
      });
      const reused = await failure(exchangeCode(grant(), { code, redirectUri }));
      expect(reused).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: "code_already_used" },
      });
    });

    it("binds a code to its PKCE challenge: a wrong verifier is refused, the right one works", async () => {
      const pkce = createPkcePair();
      const withChallenge = { code_challenge: pkce.challenge, code_challenge_method: "S256" };
      const first = (await consent(withChallenge)).searchParams.get("code") ?? "";
      const wrong = await failure(
        exchangeCode(grant(), {
          code: first,
          redirectUri,
          codeVerifier: createPkcePair().verifier,
        }),
      );
      expect(wrong.kind).toBe("INVALID_REQUEST");
      const second = (await consent(withChallenge)).searchParams.get("code") ?? "";
      const tokens = await exchangeCode(grant(), {
        code: second,
        redirectUri,
        codeVerifier: pkce.verifier,
      });
      expect(tokens.accessToken).toMatch(/^xoxe\.xoxb-1-/);
    });

    it("refuses the app's wrong client secret as PERMISSION_DENIED (bad_client_secret)", async () => {
      const code = (await consent()).searchParams.get("code") ?? "";
      const error = await failure(
        exchangeCode(grant({ clientSecret: "wrong" }), { code, redirectUri }),
      );
      expect(error).toMatchObject({
        kind: "PERMISSION_DENIED",
        details: { providerCode: "bad_client_secret" },
      });
    });

    it("rotation: the refresh grant issues a new pair, and the spent refresh token is refused", async () => {
      const tokens = await install();
      const fresh = await refreshAccessToken(grant(), tokens.refreshToken!);
      expect(fresh.accessToken).not.toBe(tokens.accessToken);
      expect(fresh.refreshToken).toMatch(/^xoxe-1-/);
      expect(fresh.refreshToken).not.toBe(tokens.refreshToken);
      const reused = await failure(refreshAccessToken(grant(), tokens.refreshToken!));
      expect(reused).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: "invalid_refresh_token" },
      });
    });

    it("a revoked access token takes its refresh token with it: the refresh grant fails AUTH_REVOKED", async () => {
      const tokens = await install();
      sandbox().host.inject("slack", { kind: "AUTH_REVOKED", match: { path: "chat.postMessage" } });
      // The post fails AUTH_REVOKED (the conformance suite's part); the refresh token went with it.
      await failure(
        slackConnector.send(ctx(), connection(tokens.accessToken), {
          messageId: messageId(),
          to: "C0SANDBOX01",
          text: "hi",
        }),
      );
      const refresh = await failure(refreshAccessToken(grant(), tokens.refreshToken!));
      expect(refresh.kind).toBe("AUTH_REVOKED");
    });

    it("a lost answer with a chat:write-only token cannot be looked up: UNKNOWN_OUTCOME, sent once", async () => {
      const tokens = await install(["chat:write"]);
      sandbox().host.inject("slack", {
        kind: "TIMEOUT_AFTER_SENDING",
        match: { path: "chat.postMessage" },
      });
      const id = messageId();
      const error = await failure(
        slackConnector.send(ctx({ timeoutMs: 300 }), connection(tokens.accessToken), {
          messageId: id,
          to: "C0SANDBOX01",
          text: "hi",
        }),
      );
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
      expect(postsOf(id)).toHaveLength(1);
    });

    it("createConnection: a new workspace with a rotating token pair of its own, which verifies", async () => {
      const { secrets, settings } = slack().createConnection!();
      const fresh = { ...connection(secrets.accessToken!), settings };
      expect(secrets.accessToken).toMatch(/^xoxe\.xoxb-1-/);
      expect(secrets.refreshToken).toMatch(/^xoxe-1-/);
      expect(secrets.accessToken).not.toBe(slack().createConnection!().secrets.accessToken);
      const identity = await slackConnector.verify(ctx(), fresh);
      expect(identity).toMatchObject({
        externalAccountId: settings.teamId,
        settings: { teamId: settings.teamId, botUserId: settings.botUserId },
      });
    });
  });
});

// Slack's Events API: signed uninstall events, replays and the url_verification handshake.
describe("Slack: the Events API", () => {
  const { sandbox, receiver, config, slack, ctx, connection } = useSlackFixture();

  describe("Events API webhooks", () => {
    const keys = () => ({ config: config() });
    const text = (request: WebhookRequest) => request.rawBody.toString("utf8");
    const resign = (request: WebhookRequest, secret: string, timestamp: number) => ({
      ...request,
      headers: {
        ...request.headers,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signSlack(secret, timestamp, text(request)),
      },
    });
    async function uninstalled(teamId: string) {
      slack().createWorkspace({
        id: teamId,
        name: "Leaving Team",
        channels: [{ id: `C${teamId.slice(1)}`, name: "general" }],
      });
      const token = slack().issueToken(teamId);
      slack().uninstall(teamId);
      await sandbox().host.webhooks.settled();
      const requests = receiver().received.filter(request => text(request).includes(`"${teamId}"`));
      return { token, requests };
    }

    it("an uninstall revokes the workspace's tokens and posts signed tokens_revoked and app_uninstalled", async () => {
      const { token, requests } = await uninstalled("T0UNINST");
      expect(requests).toHaveLength(2);
      for (const request of requests) {
        expect(request.url).toBe(`${receiver().url}/webhooks/slack`);
        expect(request.segments).toEqual([]);
        expect(slackWebhooks.verify(request, keys())).toBe(true);
      }
      const events = requests.flatMap(request => slackWebhooks.parse(request));
      expect(events).toHaveLength(2);
      expect(
        events
          .map(
            event => event.type === "CONNECTION_REVOKED" && [event.externalAccountId, event.reason],
          )
          .sort(),
      ).toEqual([
        ["T0UNINST", "app_uninstalled"],
        ["T0UNINST", "tokens_revoked"],
      ]);
      expect(new Set(events.map(event => event.eventId)).size).toBe(2);
      const error = await failure(
        slackConnector.send(ctx(), connection(token), {
          messageId: messageId(),
          to: "C0UNINST",
          text: "hi",
        }),
      );
      expect(error).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: "token_revoked" },
      });
    });

    it("makes a replay detectable: the same event_id, and an old timestamp is refused", async () => {
      const { requests } = await uninstalled("T0REPLAY");
      const request = requests[0]!;
      const [first] = slackWebhooks.parse(request);
      const [again] = slackWebhooks.parse({ ...request });
      expect(again?.eventId).toBe(first?.eventId);
      expect(first?.eventId).toMatch(/^Ev/);
      const secret = config().webhookSecret!;
      const now = Math.floor(Date.now() / 1000);
      expect(slackWebhooks.verify(resign(request, secret, now), keys())).toBe(true);
      expect(slackWebhooks.verify(resign(request, secret, now - 6 * 60), keys())).toBe(false);
    });

    it("answers url_verification's challenge only for a request Slack signed", async () => {
      const challenge = slack().requestUrlVerification();
      await sandbox().host.webhooks.settled();
      const request = receiver().received.find(received =>
        text(received).includes(challenge ?? "?"),
      );
      expect(request).toBeDefined();
      const reply = slackWebhooks.handshake!(request!, keys());
      expect(reply).toMatchObject({ status: 200 });
      expect(JSON.parse(reply!.body ?? "")).toEqual({ challenge });
      const forged = resign(request!, "not-the-signing-secret", Math.floor(Date.now() / 1000));
      expect(slackWebhooks.handshake!(forged, keys())).toBeUndefined();
      expect(slackWebhooks.verify(forged, keys())).toBe(false);
    });

    it("ignores tokens_revoked that names only user tokens: the bot token still works", () => {
      const body = JSON.stringify({
        type: "event_callback",
        team_id: "T0SANDBOX",
        event_id: "Ev0USERONLY",
        event: { type: "tokens_revoked", tokens: { oauth: ["U0SOMEUSER"], bot: [] } },
      });
      const request: WebhookRequest = {
        method: "POST",
        url: `${receiver().url}/webhooks/slack`,
        segments: [],
        query: new URLSearchParams(),
        headers: {},
        rawBody: Buffer.from(body),
      };
      expect(slackWebhooks.parse(request)).toEqual([]);
    });
  });
});

// The sandbox speaks Slack's Web API wire format, as other clients than ours send it.
describe("Slack: the sandbox's wire", () => {
  const { config, postsOf } = useSlackFixture();

  describe("the sandbox's wire", () => {
    const call = (method: string, init: RequestInit) =>
      fetch(`${config().apiBaseUrl}/${method}`, init);

    it("takes a form post with the token in the body, metadata as a JSON string", async () => {
      const id = messageId();
      const form = new URLSearchParams({
        token: SLACK_DEMO_WORKSPACE.accessToken,
        channel: "C0SANDBOX02",
        text: "form encoded",
        metadata: JSON.stringify({
          event_type: "crosscast_message",
          event_payload: { message_id: id },
        }),
      });
      const response = await call("chat.postMessage", { method: "POST", body: form });
      expect(await response.json()).toMatchObject({ ok: true, channel: "C0SANDBOX02" });
      expect(postsOf(id)[0]).toMatchObject({ encoding: "form", tokenIn: "body" });
    });

    it("refuses an unknown content type, warns of a JSON body without charset", async () => {
      const headers = { authorization: `Bearer ${SLACK_DEMO_WORKSPACE.accessToken}` };
      const xml = await call("chat.postMessage", {
        method: "POST",
        headers: { ...headers, "content-type": "text/xml" },
        body: "<channel>C0SANDBOX01</channel>",
      });
      expect(await xml.json()).toEqual({ ok: false, error: "invalid_post_type" });
      const json = await call("auth.test", {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: "{}",
      });
      expect(await json.json()).toMatchObject({ ok: true, warning: "missing_charset" });
    });

    it("takes the app's credentials at oauth.v2.access as HTTP Basic, and names a bad grant_type", async () => {
      const redirectUri = "https://app.crosscast.test/oauth/slack/callback";
      const consent = await fetch(buildAuthorizeUrl(config(), { state: "s", redirectUri }), {
        redirect: "manual",
      });
      const code = new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
      const basic = Buffer.from(`${config().clientId}:${config().clientSecret}`).toString("base64");
      const exchange = (form: Record<string, string>) =>
        call("oauth.v2.access", {
          method: "POST",
          headers: { authorization: `Basic ${basic}` },
          body: new URLSearchParams(form),
        }).then(response => response.json());
      await expect(
        exchange({ grant_type: "password", code, redirect_uri: redirectUri }),
      ).resolves.toEqual({
        ok: false,
        error: "invalid_grant_type",
      });
      await expect(exchange({ code, redirect_uri: redirectUri })).resolves.toMatchObject({
        ok: true,
        token_type: "bot",
        team: { id: "T0SANDBOX", name: "Crosscast Sandbox" },
      });
    });

    it("answers unknown methods and history by channel name the way Slack does", async () => {
      const headers = { authorization: `Bearer ${SLACK_DEMO_WORKSPACE.accessToken}` };
      const unknown = await call("chat.postMesage", { method: "POST", headers });
      expect(await unknown.json()).toMatchObject({ ok: false, error: "unknown_method" });
      const byName = await fetch(
        `${config().apiBaseUrl}/conversations.history?channel=%23general`,
        {
          headers,
        },
      );
      expect(await byName.json()).toEqual({ ok: false, error: "channel_not_found" });
    });
  });
});
