import { bearerToken, type SandboxReply, type SandboxRequest } from "../../sandbox/sandbox.js";
import { TokenStore, type StoredCredential } from "../../sandbox/token-store.js";
import { graphErrors } from "./meta.sandbox-errors.js";

/**
 * Graph's token state and the token check it runs before anything else: tokens in a TokenStore
 * (the principal is the object the token may see, the scopes its permissions), read from the
 * bearer header or the `access_token` query parameter, refused in Graph's own words. Expiry and
 * revocation change only a live token (an expired one stays expired).
 */

/** The access token a Graph request carries: `Authorization: Bearer …` or `?access_token=`. */
export function graphToken(request: SandboxRequest): string | undefined {
  return bearerToken(request) ?? request.query.get("access_token") ?? undefined;
}

export function createGraphTokens(now: () => Date) {
  const store = new TokenStore(() => now().getTime());
  /** When each expired token expired, for Graph's "Session has expired on …" message. */
  const expiredAt = new Map<string, Date>();

  return {
    /** A new token (`EAA…`, as Graph's look) that may see `principal` with `scopes`. */
    issue: (principal: string, scopes: readonly string[]): string =>
      store.issue(principal, { prefix: "EAA", scopes: [...scopes] }).value,
    register(value: string, principal: string, scopes: readonly string[]): void {
      store.register(value, principal, { scopes: [...scopes] });
    },
    expire(value: string | undefined): void {
      if (value && store.check(value).ok) {
        store.expire(value);
        expiredAt.set(value, now());
      }
    },
    revoke(value: string | undefined): void {
      if (value && store.check(value).ok) {
        store.revoke(value);
      }
    },
    /** The live credential of a request, or Graph's refusal of its token. */
    check(request: SandboxRequest): StoredCredential | SandboxReply {
      const value = graphToken(request);
      const checked = store.check(value);
      if (checked.ok) {
        return checked.credential;
      }
      switch (checked.reason) {
        case "missing":
          return graphErrors.missingToken();
        case "invalid":
          return graphErrors.invalidToken();
        case "expired":
          return graphErrors.expiredToken(expiredAt.get(value ?? "") ?? now(), now());
        case "revoked":
          return graphErrors.revokedToken();
      }
    },
    /** Whose the request's live token is (the object a throttle is counted on). */
    principalOf(request: SandboxRequest): string | undefined {
      const checked = store.check(graphToken(request));
      return checked.ok ? checked.credential.principal : undefined;
    },
  };
}

export type GraphTokens = ReturnType<typeof createGraphTokens>;
