import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import {
  GraphQLError,
  specifiedRules,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import type { ExecutionResult, FormattedExecutionResult, OperationResult } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocket, WebSocketServer } from "ws";
import { createFormatError } from "../format-error.js";
import type { Logger } from "../logger.js";
import { checkSubscription } from "./subscription-operation.js";

/** graphql-ws close codes for a refused `connection_init`. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;

/** The outcome of `connection_init`: a session for the connection, or a close code. */
export type Admission<TSession> =
  | { session: TSession }
  | { refuse: typeof CLOSE_UNAUTHORIZED | typeof CLOSE_FORBIDDEN; reason: string };

/** One open socket, as `admit` sees it. */
export interface SocketHandle {
  request: IncomingMessage;
  close(code: number, reason: string): void;
}

/** A parsed, validated subscription of an admitted connection. */
export interface SubscriptionRequest<TSession> {
  session: TSession;
  /** The client's id for the operation (unique per connection). */
  id: string;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

export interface GraphQLWebSocketOptions<TSession> {
  /** The node:http server whose upgrade requests on `path` become graphql-ws connections. */
  server: Server;
  path: string;
  schema: GraphQLSchema;
  logger: Logger;
  production: boolean;
  /** Codes besides the platform's whose messages clients may see (createFormatError). */
  clientCodes?: readonly string[];
  /** Rules run after graphql-js's specified rules (depth and alias limits). */
  validationRules?: ValidationRule[];
  /** Decides `connection_init` from its payload; nothing is subscribed before it admits. */
  admit(
    params: Readonly<Record<string, unknown>>,
    socket: SocketHandle,
  ): Promise<Admission<TSession>>;
  /** Runs one subscription: a stream of results, or a result carrying errors. */
  run(request: SubscriptionRequest<TSession>): OperationResult;
  /** The connection closed: release what its session holds. */
  closed?(session: TSession): Promise<void> | void;
}

export interface GraphQLWebSocketEndpoint {
  /** Closes every socket (1001), refuses new ones, and resolves when all are gone. */
  close(): Promise<void>;
}

interface Carrier<TSession> {
  session: TSession;
  id: string;
}

/** How long `close()` lets clients answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 1_000;
/** The largest message accepted, as large as an HTTP body may be (platform/http/apollo-handler.ts). */
const MAX_MESSAGE_BYTES = 1_000_000;

/**
 * Serves graphql-ws (graphql-transport-ws) on one path of a node:http server, the way HTTP is
 * served: operations are checked as HTTP checks them (./subscription-operation.ts), every error a
 * client sees goes through the same masking (platform/format-error.ts), and only subscriptions
 * are accepted (queries and mutations belong to POST /graphql).
 */
export function serveGraphQLWebSocket<TSession>(
  options: GraphQLWebSocketOptions<TSession>,
): GraphQLWebSocketEndpoint {
  const { schema, production } = options;
  const formatError = createFormatError(options.logger, options.clientCodes);
  const rules = [...specifiedRules, ...(options.validationRules ?? [])];
  const releases = new Set<Promise<void>>();
  const release = (session: TSession) => {
    const released = Promise.resolve(options.closed?.(session)).catch((error: unknown) => {
      options.logger.warn({ err: error }, "releasing a websocket session failed");
    });
    releases.add(released);
    void released.finally(() => releases.delete(released));
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const mask = (errors: readonly GraphQLError[]) =>
    errors.map(error => formatError(error.toJSON(), error));
  const run = (args: ExecutionArgs) => {
    const carrier = args.contextValue as Carrier<TSession>;
    return options.run({
      session: carrier.session,
      id: carrier.id,
      document: args.document,
      operationName: args.operationName ?? undefined,
      variables: { ...args.variableValues },
    });
  };
  const disposable = useServer<Record<string, unknown>, { session?: TSession }>(
    {
      schema,
      isProd: production,
      onConnect: async ctx => {
        const { socket, request } = ctx.extra;
        const admission = await options.admit(ctx.connectionParams ?? {}, {
          request,
          close: (code, reason) => socket.close(code, reason),
        });
        if ("refuse" in admission) {
          // graphql-ws would close with 4403 on `false`; the first close frame sent is the one kept.
          socket.close(admission.refuse, admission.reason);
          return false;
        }
        if (socket.readyState !== WebSocket.OPEN) {
          release(admission.session);
          return false;
        }
        ctx.extra.session = admission.session;
        // graphql-ws's own close listener, registered first, returns the open subscriptions.
        socket.once("close", () => release(admission.session));
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const session = ctx.extra.session;
        if (session === undefined) {
          return [new GraphQLError("Unauthorized", { extensions: { code: "UNAUTHENTICATED" } })];
        }
        const operation = checkSubscription(schema, payload, rules, production);
        if (Array.isArray(operation)) {
          return operation;
        }
        const carrier: Carrier<TSession> = { session, id };
        return {
          schema,
          document: operation.document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: carrier,
        };
      },
      subscribe: run,
      execute: run,
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
        result.errors
          ? ({ ...result, errors: mask(result.errors) } as FormattedExecutionResult)
          : undefined,
      onError: (_ctx, _id, _payload, errors) => mask(errors),
    },
    wss,
  );
  const pathOf = (request: IncomingMessage) => (request.url ?? "/").split("?", 1)[0];
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(request) !== options.path) {
      // Another listener may own that path; when none does, do not leave the socket hanging.
      if (options.server.listenerCount("upgrade") === 1) {
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      }
      return;
    }
    wss.handleUpgrade(request, socket, head, ws => wss.emit("connection", ws, request));
  };
  options.server.on("upgrade", onUpgrade);
  return {
    async close() {
      options.server.off("upgrade", onUpgrade);
      const stragglers = setTimeout(() => {
        for (const client of wss.clients) {
          client.terminate();
        }
      }, CLOSE_GRACE_MS);
      try {
        await disposable.dispose();
      } finally {
        clearTimeout(stragglers);
      }
      await Promise.allSettled([...releases]);
    },
  };
}
