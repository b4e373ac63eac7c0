import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from "jose";
import { verifyHs256 } from "./hs256.js";
import { createServiceTokenVerifier, isServiceToken } from "./service-token.js";
import { InvalidTokenError, viewerFromClaims } from "./token-claims.js";
import type { Role, Viewer } from "./viewer.js";

export interface UserTokenOptions {
  jwtSecret: string;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** When set, executions' service tokens (signed with it) are accepted too. */
  internalSecret?: string | undefined;
}

/**
 * Verifies `Authorization: Bearer` tokens: HS256 with the configured secret, or RS256 against a
 * JWKS URL when one is configured. Returns the viewer, or throws InvalidTokenError.
 */
export function createUserTokenVerifier(options: UserTokenOptions) {
  const hmacKey = Buffer.from(options.jwtSecret, "utf8");
  const jwks: JWTVerifyGetKey | undefined = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : undefined;
  const verifyOptions = {
    algorithms: jwks ? ["RS256"] : ["HS256"],
    issuer: options.issuer,
    audience: options.audience,
    requiredClaims: ["exp"],
  };
  const verifyService = options.internalSecret
    ? createServiceTokenVerifier(options.internalSecret)
    : undefined;
  return async function verifyUserToken(token: string): Promise<Viewer> {
    if (verifyService && isServiceToken(token)) {
      return verifyService(token);
    }
    try {
      const payload = jwks
        ? (await jwtVerify(token, jwks, verifyOptions)).payload
        : verifyHs256(token, hmacKey, options);
      return viewerFromClaims(payload);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        throw error;
      }
      throw new InvalidTokenError("invalid or expired token");
    }
  };
}

export interface MintOptions {
  userId: string;
  workspaceId: string;
  role?: Role;
  expiresIn?: string | number;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/** Mints an HS256 user token (development tokens, `npm run token`, tests). */
export async function mintUserToken(secret: string, options: MintOptions): Promise<string> {
  let jwt = new SignJWT({ wid: options.workspaceId, role: options.role ?? "OWNER" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.userId)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "12h");
  if (options.issuer) {
    jwt = jwt.setIssuer(options.issuer);
  }
  if (options.audience) {
    jwt = jwt.setAudience(options.audience);
  }
  return jwt.sign(new TextEncoder().encode(secret));
}
