import { describe, expect, it } from "@jest/globals";
import {
  buildAuthorizeUrl,
  exchangeCode,
  refreshAccessToken,
} from "../../connectors/kit/oauth2.js";
import { createPkcePair } from "../../connectors/kit/pkce.js";
import type { ProviderConfig } from "../../connectors/kit/provider-config.js";
import { slackConnector } from "../../connectors/slack/slack.connector.js";
import { useSlackFixture, failure, messageId } from "./support/slack.fixture.js";

// Installing the Slack app with OAuth v2, and refreshing its rotating tokens.
describe("the Slack connector against its sandbox", () => {
  const { sandbox, config, ctx, connection, postsOf } = useSlackFixture();

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

    it("an expired token: AUTH_EXPIRED, the refresh grant rotates, the replayed post succeeds once", async () => {
      const tokens = await install();
      sandbox().host.inject("slack", { kind: "AUTH_EXPIRED", match: { path: "chat.postMessage" } });
      const id = messageId();
      const message = { messageId: id, to: "C0SANDBOX01", text: "after refresh" };
      const expired = await failure(
        slackConnector.send(ctx(), connection(tokens.accessToken), message),
      );
      expect(expired).toMatchObject({
        kind: "AUTH_EXPIRED",
        details: { providerCode: "token_expired" },
      });
      // The sandbox expired the token itself: it stays expired without any further fault.
      expect(
        (await failure(slackConnector.verify(ctx(), connection(tokens.accessToken)))).kind,
      ).toBe("AUTH_EXPIRED");
      const fresh = await refreshAccessToken(grant(), tokens.refreshToken!);
      expect(fresh.accessToken).not.toBe(tokens.accessToken);
      expect(fresh.refreshToken).not.toBe(tokens.refreshToken);
      await slackConnector.send(ctx(), connection(fresh.accessToken), message);
      expect(postsOf(id)).toHaveLength(1);
      // Rotation: the first refresh token was single use.
      const reused = await failure(refreshAccessToken(grant(), tokens.refreshToken!));
      expect(reused).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: "invalid_refresh_token" },
      });
    });

    it("a revoked token: AUTH_REVOKED, and the refresh grant fails too", async () => {
      const tokens = await install();
      sandbox().host.inject("slack", { kind: "AUTH_REVOKED", match: { path: "chat.postMessage" } });
      const error = await failure(
        slackConnector.send(ctx(), connection(tokens.accessToken), {
          messageId: messageId(),
          to: "C0SANDBOX01",
          text: "hi",
        }),
      );
      expect(error).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: "token_revoked" },
      });
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
  });
});
