import { describe, expect, it } from "@jest/globals";
import { tokensToSecrets } from "../../connectors/kit/contracts/index.js";
import { gmailConnector } from "../../connectors/gmail/gmail.connector.js";
import { GMAIL_SCOPES } from "../../connectors/gmail/gmail.oauth.js";
import {
  buildAuthorizeUrl,
  exchangeCode,
  refreshAccessToken,
} from "../../connectors/kit/oauth2.js";
import { createPkcePair } from "../../connectors/kit/pkce.js";
import { useGmailFixture, failure } from "./support/gmail.fixture.js";

// Google's OAuth: consent, code exchange with PKCE, refresh, and expired or revoked grants.
describe("the Gmail connector against its sandbox", () => {
  const { sandbox, gmail, ctx, tokenGrant, connection, message, sentWith } = useGmailFixture();

  it("an expired access token is AUTH_EXPIRED; the refresh grant works and the replayed send succeeds once", async () => {
    const owner = connection();
    sandbox().host.inject("gmail", { kind: "AUTH_EXPIRED", match: { path: "/messages/send" } });
    const outbound = message();
    const error = await failure(gmailConnector.send(ctx(), owner, outbound));
    expect(error).toMatchObject({ kind: "AUTH_EXPIRED", details: { providerCode: "authError" } });

    const tokens = await refreshAccessToken(tokenGrant(), owner.secrets.refreshToken!);
    expect(tokens.accessToken).toMatch(/^ya29\./);
    expect(tokens.refreshToken).toBeUndefined(); // reusable: the old refresh token stays
    expect(tokens.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    const renewed = { ...owner, secrets: { ...owner.secrets, accessToken: tokens.accessToken } };
    await gmailConnector.send(ctx(), renewed, outbound);
    expect(sentWith(outbound.messageId)).toHaveLength(1);
    // The old token stays dead: the fault changed the sandbox's state.
    await expect(failure(gmailConnector.verify(ctx(), owner))).resolves.toMatchObject({
      kind: "AUTH_EXPIRED",
    });
  });

  it("a revoked grant: the API answers 401 as for an expired token, and the refresh grant fails AUTH_REVOKED", async () => {
    const owner = connection();
    sandbox().host.inject("gmail", { kind: "AUTH_REVOKED", match: { path: "/profile" } });
    await expect(failure(gmailConnector.verify(ctx(), owner))).resolves.toMatchObject({
      kind: "AUTH_EXPIRED",
    });
    const refused = await failure(refreshAccessToken(tokenGrant(), owner.secrets.refreshToken!));
    expect(refused).toMatchObject({
      kind: "AUTH_REVOKED",
      details: { providerCode: "invalid_grant" },
    });

    // The user removing the app's access at Google does the same to every token.
    const other = connection();
    gmail().revokeAccess(other.settings.emailAddress!);
    await expect(failure(gmailConnector.verify(ctx(), other))).resolves.toMatchObject({
      kind: "AUTH_EXPIRED",
    });
    await expect(
      failure(refreshAccessToken(tokenGrant(), other.secrets.refreshToken!)),
    ).resolves.toMatchObject({ kind: "AUTH_REVOKED" });
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
      const url = buildAuthorizeUrl(config, { state: "s", redirectUri, codeChallenge: challenge });
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

  it("an access token whose hour is over is AUTH_EXPIRED until refreshed", async () => {
    const owner = connection();
    gmail().expireAccessToken(owner.secrets.accessToken!);
    await expect(failure(gmailConnector.verify(ctx(), owner))).resolves.toMatchObject({
      kind: "AUTH_EXPIRED",
    });
    const tokens = await refreshAccessToken(tokenGrant(), owner.secrets.refreshToken!);
    await expect(
      gmailConnector.verify(ctx(), { ...owner, secrets: { accessToken: tokens.accessToken } }),
    ).resolves.toMatchObject({ externalAccountId: owner.settings.emailAddress });
  });
});
