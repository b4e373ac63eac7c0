import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  WebhookEvent,
  WebhookEventsByCategory,
  WebhookKeys,
  WebhookRequest,
} from "../../../connectors/kit/contracts/index.js";
import type { ProviderCategory } from "../../../connectors/kit/provider-spec.js";
import type { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import { DRY_RUN_PARAM } from "../../../connectors/runtime/dry-run-sandbox.js";
import { Connection } from "../../../orm/entities/index.js";
import type { Orm } from "../../../orm/config.js";
import { BodyError, readBody } from "../../../platform/http/apollo-handler.js";
import type { Logger } from "../../../platform/logger.js";
import { isUuid } from "../validation.js";
import { ingestWebhookEvent, type WebhookApplier } from "./webhook-store.js";
import type { WebhookTarget } from "./webhook-targets.js";

/** Where a verified event came from, as the category's applier sees it. */
export interface WebhookDelivery {
  provider: string;
  /** The connection the webhook URL named (connection-scoped providers). */
  target?: WebhookTarget;
  /** Crosscast's message id carried in the callback URL (`?mid=`), when there is one. */
  messageIdHint?: string;
  /** A dry run's callback (its token verified): it may only touch its dry-run message. */
  dryRun?: boolean;
}

/** What a subgraph does with its category's events, once each is verified and stored. */
export interface CategoryWebhooks<C extends ProviderCategory> {
  category: C;
  apply: WebhookApplier<WebhookEventsByCategory[C], WebhookDelivery>;
}

/** One category's webhooks, whichever category. */
export type AnyCategoryWebhooks = {
  [C in ProviderCategory]: CategoryWebhooks<C>;
}[ProviderCategory];

const MAX_WEBHOOK_BYTES = 1_000_000;

function reply(res: ServerResponse, status: number, body = "", type = "text/plain; charset=utf-8") {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

function refuse(logger: Logger, res: ServerResponse, provider: string, path: string) {
  logger.warn({ provider, path }, "webhook signature refused");
  reply(res, 401, "invalid signature");
}

async function findConnection(orm: Orm, provider: string, id: string) {
  return isUuid(id)
    ? orm.em
        .fork()
        .findOne(Connection, { id: id.toLowerCase(), provider }, { populate: ["secrets"] as never })
    : null;
}

/**
 * `/webhooks/<provider>[/<connection id>]` for the providers of one category, served by the
 * subgraph that owns the category (the gateway routes by it). The signature is checked over the
 * raw body and the public URL the provider called (timing-safe, in each handler), with the
 * secret of the connection the URL names or the app's; every event is stored before it is
 * processed, and a replayed event is recognised by its id.
 */
export function createWebhookRoute(deps: {
  orm: Orm;
  runtime: ConnectorRuntime;
  logger: Logger;
  webhooks: AnyCategoryWebhooks;
}) {
  // The handler was found by the category, so its events are the category's.
  const apply = deps.webhooks.apply as WebhookApplier<WebhookEvent, WebhookDelivery>;
  return async function webhook(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://webhook");
    const [, provider = "", ...segments] = url.pathname.split("/").filter(Boolean);
    const connector = deps.runtime.has(provider) ? deps.runtime.connector(provider) : undefined;
    const handler = connector?.category === deps.webhooks.category ? connector.webhooks : undefined;
    if (!handler) {
      reply(res, 404, "unknown webhook");
      return;
    }
    let rawBody: Buffer;
    try {
      rawBody = Buffer.from(await readBody(req, MAX_WEBHOOK_BYTES), "utf8");
    } catch (error) {
      reply(res, error instanceof BodyError ? error.status : 400, "unreadable body");
      return;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const request: WebhookRequest = {
      method: (req.method ?? "POST").toUpperCase(),
      url: `${deps.runtime.options.publicUrl()}${url.pathname}${url.search}`,
      segments,
      query: url.searchParams,
      headers,
      rawBody,
    };
    const keys: WebhookKeys = { config: deps.runtime.providerConfig(provider) };
    const handshake = handler.handshake?.(request, keys);
    if (handshake) {
      res.writeHead(handshake.status, handshake.headers ?? {});
      res.end(handshake.body ?? "");
      return;
    }
    // A dry run's callback names its one message and carries the token this deployment gave the
    // sandbox for it; anything else that claims to be one is refused.
    const dryToken = url.searchParams.get(DRY_RUN_PARAM);
    const mid = url.searchParams.get("mid") ?? undefined;
    let target: WebhookTarget | undefined;
    try {
      if (handler.scope === "connection") {
        const connection = await findConnection(deps.orm, provider, segments[0] ?? "");
        if (!connection) {
          reply(res, 404, "unknown connection");
          return;
        }
        if (dryToken !== null) {
          if (!mid || !isUuid(mid) || !deps.runtime.dryRun.isCallback(connection, mid, dryToken)) {
            refuse(deps.logger, res, provider, url.pathname);
            return;
          }
          // The sandbox signed it with its demo account, which stands in for the connection.
          keys.connection = deps.runtime.dryRun.handle(connection);
        } else {
          // Only the secret of the connection the URL names verifies its webhooks.
          keys.connection = deps.runtime.handle(connection);
        }
        target = { connectionId: connection.id, workspaceId: connection.workspace };
      } else if (dryToken !== null) {
        refuse(deps.logger, res, provider, url.pathname); // app-level webhooks have no dry runs
        return;
      }
      if (!handler.verify(request, keys)) {
        refuse(deps.logger, res, provider, url.pathname);
        return;
      }
      const delivery: WebhookDelivery = {
        provider,
        ...(target ? { target } : {}),
        ...(mid ? { messageIdHint: mid } : {}),
        ...(dryToken !== null ? { dryRun: true } : {}),
      };
      for (const event of handler.parse(request)) {
        await ingestWebhookEvent(
          deps,
          {
            provider,
            ...(target ? { connectionId: target.connectionId } : {}),
            ...(mid ? { extra: { messageIdHint: mid } } : {}),
          },
          delivery,
          event,
          apply,
        );
      }
    } catch (error) {
      // Not stored (the database is away): a status the provider retries on, never a bare 500.
      deps.logger.error({ err: error, provider, path: url.pathname }, "webhook not stored");
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "30" });
      res.end("try again later");
      return;
    }
    const ack = handler.acknowledge ?? { status: 200 };
    res.writeHead(ack.status, ack.headers ?? {});
    res.end(ack.body ?? "");
  };
}
