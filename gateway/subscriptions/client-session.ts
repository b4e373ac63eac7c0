import { decodeJwt } from "jose";
import { InvalidTokenError } from "../../platform/auth/token-claims.js";
import type { Viewer } from "../../platform/auth/viewer.js";
import {
  CLOSE_UNAUTHORIZED,
  type Admission,
  type SocketHandle,
} from "../../platform/graphql-ws/graphql-ws-endpoint.js";
import type { Logger } from "../../platform/logger.js";
import { requestIdOf, type GatewayContext } from "../context.js";
import { createUpstreamConnections, type UpstreamConnections } from "./upstream-connections.js";

/** One authenticated client connection: who it is, and its sockets to the subgraphs. */
export interface ClientSession {
  context: GatewayContext;
  upstream: UpstreamConnections;
  close(): Promise<void>;
}

export interface SessionAdmitterOptions {
  verifyUserToken: (token: string) => Promise<Viewer>;
  internalSecret: string;
  urls: ReadonlyMap<string, string>;
  logger: Logger;
}

const REFUSED = { refuse: CLOSE_UNAUTHORIZED, reason: "Unauthorized" } as const;
/** setTimeout's ceiling (about 24.8 days); longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The token of `{ authorization: "Bearer <JWT>" }` (or `Authorization`), as HTTP reads the header. */
export function bearerTokenOf(params: Readonly<Record<string, unknown>>): string | undefined {
  const value = params.authorization ?? params.Authorization;
  return typeof value === "string" ? /^Bearer\s+(\S+)$/i.exec(value)?.[1] : undefined;
}

/** Closes the socket with 4401 when the user token expires: a socket outlives no token. */
function closeAtExpiry(token: string, socket: SocketHandle): () => void {
  const { exp } = decodeJwt(token);
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = typeof exp === "number" ? exp * 1000 - Date.now() : Infinity;
    if (left <= 0) {
      socket.close(CLOSE_UNAUTHORIZED, "Token expired");
    } else if (Number.isFinite(left)) {
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      timer.unref();
    }
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * Authenticates `connection_init` exactly as HTTP authenticates a request (gateway/context.ts):
 * a missing, malformed or expired token closes the socket with 4401 before anything runs. The
 * request id comes from the upgrade request's `x-request-id`, or is new, and covers the connection.
 */
export function createSessionAdmitter(options: SessionAdmitterOptions) {
  return async function admit(
    params: Readonly<Record<string, unknown>>,
    socket: SocketHandle,
  ): Promise<Admission<ClientSession>> {
    const token = bearerTokenOf(params);
    if (!token) {
      return REFUSED;
    }
    let viewer: Viewer;
    try {
      viewer = await options.verifyUserToken(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        return REFUSED;
      }
      throw error;
    }
    const requestId = requestIdOf(socket.request);
    const logger = options.logger.child({ requestId });
    const upstream = createUpstreamConnections({
      identity: { viewer, requestId },
      internalSecret: options.internalSecret,
      urls: options.urls,
      logger,
    });
    const cancelExpiry = closeAtExpiry(token, socket);
    return {
      session: {
        context: { viewer, requestId, logger },
        upstream,
        async close() {
          cancelExpiry();
          await upstream.close();
        },
      },
    };
  };
}
