import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { GraphQLError } from "graphql";
import { InvalidTokenError } from "../platform/auth/token-claims.js";
import type { Viewer } from "../platform/auth/viewer.js";
import type { Logger } from "../platform/logger.js";
import { bindRequestId } from "../platform/request-scope.js";

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  logger: Logger;
  /** The signed assertion for subgraphs, made once per request on first use. */
  internalToken?: { value: string; signedAt: number };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function unauthenticated(message: string) {
  return new GraphQLError(message, {
    extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
  });
}

/** Reuses a well-formed incoming `x-request-id` (from a proxy), or makes a new one. */
export function requestIdOf(req: Pick<IncomingMessage, "headers">): string {
  const incoming = req.headers["x-request-id"];
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Per request: a request id (echoed in the response), and the viewer from `Authorization:
 * Bearer <JWT>`. A missing, malformed or expired token is refused with UNAUTHENTICATED.
 */
export function createGatewayContextFactory(options: {
  verifyUserToken: (token: string) => Promise<Viewer>;
  logger: Logger;
}) {
  return async function createContext(
    req: Pick<IncomingMessage, "headers">,
    res: { setHeader(name: string, value: string): unknown },
  ): Promise<GatewayContext> {
    const requestId = requestIdOf(req);
    res.setHeader("x-request-id", requestId);
    bindRequestId(requestId);
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw unauthenticated("Send a token as `Authorization: Bearer <token>`");
    }
    try {
      const viewer = await options.verifyUserToken(match[1]);
      return { viewer, requestId, logger: options.logger.child({ requestId }) };
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        throw unauthenticated("Invalid or expired token");
      }
      throw error;
    }
  };
}
