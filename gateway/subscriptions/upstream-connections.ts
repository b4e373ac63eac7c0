import { createClient, type Client, type FormattedExecutionResult, type Sink } from "graphql-ws";
import { WebSocket } from "ws";
import {
  INTERNAL_HEADER,
  signInternalToken,
  type InternalIdentity,
} from "../../platform/auth/internal-token.js";
import type { Logger } from "../../platform/logger.js";

export interface UpstreamRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

export interface UpstreamConnections {
  /** Starts a subscription on a subgraph; the returned function ends it (`complete` upstream). */
  subscribe(
    serviceName: string,
    request: UpstreamRequest,
    sink: Sink<FormattedExecutionResult>,
  ): () => void;
  /** Closes every upstream socket. */
  close(): Promise<void>;
}

/** `http://social:4001/graphql` → `ws://social:4001/graphql` (https → wss). */
export function toWebSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/**
 * The subgraph websockets of one client connection: at most one per subgraph, opened on the first
 * subscription to it and shared by that connection's later ones. The identity signed into
 * `connection_init` is the connection's, which is why sockets are not shared between clients.
 * A subgraph socket closes as soon as it carries no subscription, and is never retried: a
 * resubscription would replay the stream, so a failure ends the client's subscription instead.
 */
export function createUpstreamConnections(options: {
  identity: InternalIdentity;
  internalSecret: string;
  /** Subgraph name → its GraphQL HTTP URL. */
  urls: ReadonlyMap<string, string>;
  logger: Logger;
}): UpstreamConnections {
  const clients = new Map<string, Client>();
  let closed = false;
  const clientFor = (serviceName: string): Client => {
    const existing = clients.get(serviceName);
    if (existing) {
      return existing;
    }
    const url = options.urls.get(serviceName);
    if (!url) {
      throw new Error(`No URL for subgraph "${serviceName}"`);
    }
    const client = createClient({
      url: toWebSocketUrl(url),
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      // Signed at every (re)connect: the token is only valid for a minute.
      connectionParams: () => ({
        [INTERNAL_HEADER]: signInternalToken(options.internalSecret, options.identity),
      }),
      on: {
        closed: event => {
          const { code } = event as { code?: number };
          options.logger.debug({ subgraph: serviceName, code }, "subgraph websocket closed");
        },
      },
    });
    clients.set(serviceName, client);
    return client;
  };
  return {
    subscribe(serviceName, request, sink) {
      if (closed) {
        throw new Error("The client connection is closed");
      }
      return clientFor(serviceName).subscribe(request, sink);
    },
    async close() {
      closed = true;
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map(client => client.dispose()));
    },
  };
}
