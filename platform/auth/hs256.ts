import { createHmac, timingSafeEqual } from "node:crypto";
import type { JWTPayload } from "jose";

export class Hs256Error extends Error {}

function decodeJson(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new Hs256Error("not a JSON object");
  }
  return value as Record<string, unknown>;
}

/**
 * Verifies a compact HS256 JWT synchronously (node:crypto HMAC, timing-safe comparison): the
 * gateway does this on every request, where WebCrypto's promise-per-call costs more than the
 * check itself. Checks the algorithm, the signature, `exp` (required), `nbf`, and the issuer and
 * audience when they are configured. Throws Hs256Error on any failure.
 */
export function verifyHs256(
  token: string,
  key: Buffer,
  expect: { issuer?: string | undefined; audience?: string | undefined },
  nowSeconds = Math.floor(Date.now() / 1000),
): JWTPayload {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[0] || !parts[1] || !parts[2]) {
    throw new Hs256Error("malformed token");
  }
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Hs256Error("bad signature");
  }
  let claims: JWTPayload;
  try {
    if (decodeJson(header).alg !== "HS256") {
      throw new Hs256Error("unexpected algorithm");
    }
    claims = decodeJson(payload) as JWTPayload;
  } catch {
    throw new Hs256Error("malformed token");
  }
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) {
    throw new Hs256Error("expired");
  }
  if (typeof claims.nbf === "number" && claims.nbf > nowSeconds) {
    throw new Hs256Error("not yet valid");
  }
  if (expect.issuer !== undefined && claims.iss !== expect.issuer) {
    throw new Hs256Error("unexpected issuer");
  }
  if (expect.audience !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(expect.audience)) {
      throw new Hs256Error("unexpected audience");
    }
  }
  return claims;
}
