import { OAuthAuthority, type Grant } from "../../sandbox/oauth-authority.js";
import { bearerToken, type SandboxReply, type SandboxRequest } from "../../sandbox/sandbox.js";
import { oauthAnswer } from "./google.sandbox-errors.js";

/**
 * The grants a Google sandbox holds: the kit's OAuth authority with Google's token shapes
 * (`ya29.` access tokens for 3599 s, reusable `1//` refresh tokens, PKCE), plus what Google knows
 * that the authority does not: whose each refresh token is, and fixed tokens standing for a real
 * grant.
 */
export type GoogleTokenCheck = { ok: true; grant: Grant } | { ok: false; missing: boolean };

export class GoogleGrants {
  readonly authority: OAuthAuthority;
  private readonly refreshOwners = new Map<string, string>();
  private readonly refreshAliases = new Map<string, string>();

  constructor(private readonly app: { clientId: string; clientSecret: string; now: () => number }) {
    this.authority = new OAuthAuthority({
      ...app,
      accessTtlSeconds: 3599,
      refresh: "reusable",
      requirePkce: true,
      accessPrefix: "ya29.",
      refreshPrefix: "1//",
    });
  }

  /** The authority's own refresh token for one a client holds (a fixed one is an alias). */
  refreshToken(given: string): string {
    return this.refreshAliases.get(given) ?? given;
  }

  /** The account a refresh token belongs to. */
  ownerOf(given: string): string | undefined {
    return this.refreshOwners.get(this.refreshToken(given));
  }

  /** Remembers the account of each refresh token handed out. */
  track(grant: Pick<Grant, "account" | "refreshToken">): void {
    if (grant.refreshToken) {
      this.refreshOwners.set(grant.refreshToken, grant.account);
    }
  }

  /** The token endpoint's answer for a grant it hands out (a refresh token only when asked for). */
  answer(grant: Grant, withRefresh: boolean): SandboxReply {
    this.track(grant);
    const { expiresAt } = grant;
    const expiresIn = expiresAt ? Math.round((expiresAt - this.app.now()) / 1000) : undefined;
    return oauthAnswer({
      access_token: grant.accessToken,
      ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}),
      ...(withRefresh && grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
      scope: grant.scopes.join(" "),
      token_type: "Bearer",
    });
  }

  /** The request's bearer token, checked. */
  check(request: SandboxRequest): GoogleTokenCheck {
    const result = this.authority.check(bearerToken(request));
    return result.ok ? result : { ok: false, missing: result.reason === "missing" };
  }

  /** Every token of `account` dies (the user removed the app's access, or a revoke call). */
  revokeAccount(account: string): void {
    this.authority.revokeAccount(account);
  }

  /** A consent given out of band (test controls, a demo account): a real grant with a refresh token. */
  grantFor(account: string, scopes: readonly string[]): Grant & { refreshToken: string } {
    const grant = this.authority.grant(account, [...scopes]);
    if (!grant.refreshToken) {
      throw new Error("google sandbox: the out-of-band consent issued no refresh token");
    }
    this.track(grant);
    return { ...grant, refreshToken: grant.refreshToken };
  }

  /** Fixed tokens that stand for a real grant of `account` (a demo account's, from its source). */
  registerFixed(
    account: string,
    scopes: readonly string[],
    fixed: { accessToken: string; refreshToken: string },
  ): void {
    this.refreshAliases.set(fixed.refreshToken, this.grantFor(account, scopes).refreshToken);
    this.authority.register(fixed.accessToken, account, [...scopes]);
  }
}
