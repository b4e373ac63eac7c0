import { randomBytes } from "node:crypto";
import { pkceChallenge } from "../kit/pkce.js";

/**
 * The authorization server half of an OAuth sandbox: consent (auto-approved for the sandbox's
 * signed-in account), one-time codes bound to the redirect URI and PKCE challenge, access tokens
 * that expire, and refresh tokens that are reusable or rotate (single use) like the provider's.
 * Each sandbox renders these results in its provider's own dialect.
 */
export interface OAuthAuthorityOptions {
  clientId: string;
  clientSecret: string;
  /** Access-token lifetime; undefined for tokens that never expire. */
  accessTtlSeconds?: number;
  refresh: "none" | "reusable" | "rotating";
  /** Require a PKCE S256 challenge on every authorization. */
  requirePkce?: boolean;
  /** Token prefixes, to look like the provider's (xoxe.xoxb-, ya29.). */
  accessPrefix: string;
  refreshPrefix: string;
  now?: () => number;
}

export interface Grant {
  account: string;
  scopes: string[];
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
}

export type OAuthFailure = { error: string; description: string };

interface PendingCode {
  account: string;
  redirectUri: string;
  scopes: string[];
  challenge?: string;
  expiresAt: number;
}

export type TokenCheck =
  { ok: true; grant: Grant } | { ok: false; reason: "missing" | "invalid" | "expired" | "revoked" };

export class OAuthAuthority {
  private readonly codes = new Map<string, PendingCode>();
  private readonly access = new Map<string, Grant & { revoked?: boolean }>();
  private readonly refreshTokens = new Map<
    string,
    { account: string; scopes: string[]; accessToken: string; used?: boolean; revoked?: boolean }
  >();
  private readonly now: () => number;

  constructor(private readonly options: OAuthAuthorityOptions) {
    this.now = options.now ?? Date.now;
  }

  private token(prefix: string) {
    return `${prefix}${randomBytes(24).toString("base64url")}`;
  }

  /** The consent step: returns the redirect with a code (or an error) for `account`. */
  authorize(
    query: URLSearchParams,
    account: string,
    clientIdParam = "client_id",
  ): string | OAuthFailure {
    const redirectUri = query.get("redirect_uri");
    if (query.get(clientIdParam) !== this.options.clientId) {
      return { error: "invalid_client", description: "unknown client id" };
    }
    if (!redirectUri) {
      return { error: "invalid_request", description: "redirect_uri is required" };
    }
    const target = new URL(redirectUri);
    const state = query.get("state");
    if (state !== null) {
      target.searchParams.set("state", state);
    }
    if (query.get("deny") === "1") {
      target.searchParams.set("error", "access_denied");
      return target.toString();
    }
    const challenge = query.get("code_challenge") ?? undefined;
    if (challenge && query.get("code_challenge_method") !== "S256") {
      return { error: "invalid_request", description: "only S256 challenges are accepted" };
    }
    if (this.options.requirePkce && !challenge) {
      return { error: "invalid_request", description: "code_challenge is required" };
    }
    const code = this.token("code-");
    this.codes.set(code, {
      account,
      redirectUri,
      scopes: (query.get("scope") ?? "").split(/[ ,]+/).filter(Boolean),
      ...(challenge ? { challenge } : {}),
      expiresAt: this.now() + 10 * 60_000,
    });
    target.searchParams.set("code", code);
    return target.toString();
  }

  clientMatches(clientId: string | undefined, clientSecret: string | undefined): boolean {
    return clientId === this.options.clientId && clientSecret === this.options.clientSecret;
  }

  /** A new access token, with a new refresh token unless the provider issues none (or keeps one). */
  private issue(
    account: string,
    scopes: string[],
    withRefresh = this.options.refresh !== "none",
  ): Grant {
    const grant: Grant = {
      account,
      scopes,
      accessToken: this.token(this.options.accessPrefix),
      ...(this.options.accessTtlSeconds
        ? { expiresAt: this.now() + this.options.accessTtlSeconds * 1000 }
        : {}),
    };
    if (withRefresh) {
      grant.refreshToken = this.token(this.options.refreshPrefix);
      this.refreshTokens.set(grant.refreshToken, {
        account,
        scopes,
        accessToken: grant.accessToken,
      });
    }
    this.access.set(grant.accessToken, grant);
    return grant;
  }

  /** A grant as if consent and the code exchange had happened (an account a test connects). */
  grant(account: string, scopes: string[]): Grant {
    return this.issue(account, scopes);
  }

  exchangeCode(input: {
    code?: string | null;
    redirectUri?: string | null;
    codeVerifier?: string | null;
  }): Grant | OAuthFailure {
    const pending = input.code ? this.codes.get(input.code) : undefined;
    if (!pending || pending.expiresAt < this.now()) {
      return {
        error: "invalid_grant",
        description: "the code is invalid, expired or already used",
      };
    }
    this.codes.delete(input.code!);
    if (pending.redirectUri !== input.redirectUri) {
      return {
        error: "invalid_grant",
        description: "redirect_uri does not match the authorization",
      };
    }
    if (
      pending.challenge &&
      (!input.codeVerifier || pkceChallenge(input.codeVerifier) !== pending.challenge)
    ) {
      return {
        error: "invalid_grant",
        description: "the code verifier does not match the challenge",
      };
    }
    return this.issue(pending.account, pending.scopes);
  }

  refresh(refreshToken: string | null | undefined): Grant | OAuthFailure {
    const known = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    if (!known || known.revoked || known.used) {
      return {
        error: "invalid_grant",
        description: "the refresh token is invalid, revoked or already used",
      };
    }
    // A rotating refresh token is single use and replaced; a reusable one stays as it is.
    const rotating = this.options.refresh === "rotating";
    known.used = rotating;
    return this.issue(known.account, known.scopes, rotating);
  }

  check(accessToken: string | undefined): TokenCheck {
    if (!accessToken) {
      return { ok: false, reason: "missing" };
    }
    const grant = this.access.get(accessToken);
    if (!grant) {
      return { ok: false, reason: "invalid" };
    }
    if (grant.revoked) {
      return { ok: false, reason: "revoked" };
    }
    if (grant.expiresAt !== undefined && grant.expiresAt <= this.now()) {
      return { ok: false, reason: "expired" };
    }
    return { ok: true, grant };
  }

  /** Registers a token issued out of band (a static API key, a demo account's token). */
  register(accessToken: string, account: string, scopes: string[] = []): void {
    this.access.set(accessToken, { account, scopes, accessToken });
  }

  expire(accessToken: string): void {
    const grant = this.access.get(accessToken);
    if (grant) {
      grant.expiresAt = this.now() - 1;
    }
  }

  /** Every access and refresh token of the account dies (the app was uninstalled). */
  revokeAccount(account: string): void {
    for (const token of [...this.access.values(), ...this.refreshTokens.values()]) {
      if (token.account === account) {
        token.revoked = true;
      }
    }
  }

  /** Revokes the access token issued with `refreshToken`, as `revoke` does. */
  revokeRefresh(refreshToken: string): void {
    const known = this.refreshTokens.get(refreshToken);
    if (known) {
      this.revoke(known.accessToken);
    }
  }

  /** Revokes the access token and every refresh token of its account. */
  revoke(accessToken: string): void {
    const grant = this.access.get(accessToken);
    if (!grant) {
      return;
    }
    grant.revoked = true;
    for (const refresh of this.refreshTokens.values()) {
      if (refresh.account === grant.account) {
        refresh.revoked = true;
      }
    }
  }
}
