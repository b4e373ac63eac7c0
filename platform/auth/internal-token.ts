import { createHmac, timingSafeEqual } from "node:crypto";
import { isRole, type Viewer } from "./viewer.js";

/**
 * The gateway's assertion to a subgraph of who is calling: a compact HMAC-SHA256 token over the
 * viewer, the request id and an expiry. Subgraphs verify it on every request and refuse calls
 * without it, so a subgraph reached around the gateway serves nothing.
 *
 * Format: base64url(JSON claims) "." base64url(HMAC-SHA256(secret, "crosscast.v1." + payload))
 */
export const INTERNAL_HEADER = "x-crosscast-internal";
const CONTEXT = "crosscast.v1.";
const TTL_SECONDS = 60;

interface InternalClaims {
  u: string;
  w: string;
  r: string;
  rid: string;
  exp: number;
  /** A dry run's call. */
  d?: 1;
}

export interface InternalIdentity {
  viewer: Viewer;
  requestId: string;
}

export class InternalTokenError extends Error {}

function mac(secret: string, payload: string): Buffer {
  return createHmac("sha256", secret)
    .update(CONTEXT + payload)
    .digest();
}

export function signInternalToken(
  secret: string,
  identity: InternalIdentity,
  now = Date.now(),
): string {
  const claims: InternalClaims = {
    u: identity.viewer.userId,
    w: identity.viewer.workspaceId,
    r: identity.viewer.role,
    rid: identity.requestId,
    exp: Math.floor(now / 1000) + TTL_SECONDS,
    ...(identity.viewer.dryRun ? { d: 1 as const } : {}),
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${mac(secret, payload).toString("base64url")}`;
}

export function verifyInternalToken(
  secret: string,
  token: string | undefined,
  now = Date.now(),
): InternalIdentity {
  if (!token) {
    throw new InternalTokenError("missing gateway credentials");
  }
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) {
    throw new InternalTokenError("malformed gateway credentials");
  }
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InternalTokenError("invalid gateway credentials");
  }
  let claims: Partial<InternalClaims>;
  try {
    claims = JSON.parse(
      Buffer.from(payload, "base64url").toString("utf8"),
    ) as Partial<InternalClaims>;
  } catch {
    throw new InternalTokenError("malformed gateway credentials");
  }
  const { u, w, r, rid, exp, d } = claims;
  if (typeof u !== "string" || typeof w !== "string" || !isRole(r) || typeof exp !== "number") {
    throw new InternalTokenError("incomplete gateway credentials");
  }
  if (exp * 1000 < now) {
    throw new InternalTokenError("expired gateway credentials");
  }
  return {
    viewer: { userId: u, workspaceId: w, role: r, ...(d === 1 ? { dryRun: true } : {}) },
    requestId: typeof rid === "string" ? rid : "",
  };
}
