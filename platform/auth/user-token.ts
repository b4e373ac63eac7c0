import {
  createRemoteJWKSet,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { isRole, type Role, type Viewer } from "./viewer.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UserTokenOptions {
  jwtSecret: string;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
}

export class InvalidTokenError extends Error {}

/** Claims a Crosscast user token carries: `sub` is the user, `wid` the workspace, `role` the role. */
export function viewerFromClaims(payload: JWTPayload): Viewer {
  const { sub, wid, role } = payload as JWTPayload & { wid?: unknown; role?: unknown };
  if (typeof sub !== "string" || sub === "") {
    throw new InvalidTokenError("token has no subject");
  }
  if (typeof wid !== "string" || !UUID.test(wid)) {
    throw new InvalidTokenError("token has no workspace");
  }
  return { userId: sub, workspaceId: wid.toLowerCase(), role: isRole(role) ? role : "MEMBER" };
}

/**
 * Verifies `Authorization: Bearer` tokens: HS256 with the configured secret, or RS256 against a
 * JWKS URL when one is configured. Returns the viewer, or throws InvalidTokenError.
 */
export function createUserTokenVerifier(options: UserTokenOptions) {
  const secret = new TextEncoder().encode(options.jwtSecret);
  const jwks: JWTVerifyGetKey | undefined = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : undefined;
  const verifyOptions = {
    algorithms: jwks ? ["RS256"] : ["HS256"],
    issuer: options.issuer,
    audience: options.audience,
    requiredClaims: ["exp"],
  };
  return async function verifyUserToken(token: string): Promise<Viewer> {
    try {
      const { payload } = jwks
        ? await jwtVerify(token, jwks, verifyOptions)
        : await jwtVerify(token, secret, verifyOptions);
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
