import { decodeJwt, SignJWT } from "jose";
import { verifyHs256 } from "./hs256.js";
import { InvalidTokenError, viewerFromClaims } from "./token-claims.js";
import type { Viewer } from "./viewer.js";

/**
 * The credential an execution's steps call the supergraph with: a short-lived HS256 token signed
 * with the internal secret (which users never hold), acting for one workspace as a MEMBER and
 * naming the execution. A dry run's token says so, and the gateway passes that on to subgraphs.
 */
export const SERVICE_AUDIENCE = "crosscast-service";
const ISSUER = "crosscast-worker";

export interface ServiceTokenClaims {
  workspaceId: string;
  executionId: string;
  dryRun: boolean;
}

export function mintServiceToken(
  internalSecret: string,
  claims: ServiceTokenClaims,
  expiresIn: string | number = "10m",
): Promise<string> {
  return new SignJWT({ wid: claims.workspaceId, role: "MEMBER", dry: claims.dryRun })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(`execution:${claims.executionId}`)
    .setIssuer(ISSUER)
    .setAudience(SERVICE_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(internalSecret));
}

/** True when a token claims to be a service token (it is then verified as one, and only so). */
export function isServiceToken(token: string): boolean {
  try {
    const { aud } = decodeJwt(token);
    return aud === SERVICE_AUDIENCE || (Array.isArray(aud) && aud.includes(SERVICE_AUDIENCE));
  } catch {
    return false;
  }
}

export function createServiceTokenVerifier(internalSecret: string) {
  const key = Buffer.from(internalSecret, "utf8");
  return async function verifyServiceToken(token: string): Promise<Viewer> {
    try {
      const payload = verifyHs256(token, key, { issuer: ISSUER, audience: SERVICE_AUDIENCE });
      const viewer = viewerFromClaims({ ...payload, role: "MEMBER" });
      return payload.dry === true ? { ...viewer, dryRun: true } : viewer;
    } catch {
      throw new InvalidTokenError("invalid or expired service token");
    }
  };
}
