import type { IncomingMessage, ServerResponse } from "node:http";
import { isProviderKey } from "../../../connectors/kit/catalog.js";
import type { MessagingConnector } from "../../../connectors/messaging-connector.js";
import type { WebhookKeys, WebhookRequest } from "../../../connectors/webhook-handler.js";
import { Connection } from "../../../orm/entities/index.js";
import type { Orm } from "../../../orm/config.js";
import { BodyError, readBody } from "../../../platform/http/apollo-handler.js";
import type { Logger } from "../../../platform/logger.js";
import type { ConnectorRuntime } from "../../shared/connections/connector-runtime.js";
import { isUuid } from "../../shared/validation.js";
import { WebhookProcessor } from "./webhook-processor.js";

const MAX_WEBHOOK_BYTES = 1_000_000;

function reply(res: ServerResponse, status: number, body = "", type = "text/plain; charset=utf-8") {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

/**
 * `/webhooks/<provider>[/<connection id>]`: one route per provider. The signature is checked
 * over the raw body and the public URL the provider called (timing-safe, in each handler), every
 * event is stored before it is processed, and a replayed event is recognised by its id.
 */
export function createWebhookRoute(deps: { orm: Orm; runtime: ConnectorRuntime; logger: Logger }) {
  const processor = new WebhookProcessor(deps.orm, deps.logger);
  return async function webhook(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://webhook");
    const [, provider = "", ...segments] = url.pathname.split("/").filter(Boolean);
    const connector = isProviderKey(provider)
      ? deps.runtime.options.connectors[provider]
      : undefined;
    const handler = connector?.webhooks;
    if (!connector || !handler || !("channel" in connector)) {
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
    let target: { connectionId: string; workspaceId: string } | undefined;
    const dryRun = url.searchParams.get("dry") === "1";
    if (handler.scope === "connection") {
      const id = segments[0] ?? "";
      const connection = isUuid(id)
        ? await deps.orm.em
            .fork()
            .findOne(
              Connection,
              { id: id.toLowerCase(), provider },
              { populate: ["secrets"] as never },
            )
        : null;
      if (!connection) {
        reply(res, 404, "unknown connection");
        return;
      }
      // A dry run's callbacks come from the sandbox, signed with its demo account's secrets; they
      // may only touch that run's (dry-run) messages.
      keys.connection = dryRun
        ? deps.runtime.sandboxHandle(connection)
        : deps.runtime.handle(connection);
      target = { connectionId: connection.id, workspaceId: connection.workspace };
    }
    if (!handler.verify(request, keys)) {
      deps.logger.warn({ provider, path: url.pathname }, "webhook signature refused");
      reply(res, 401, "invalid signature");
      return;
    }
    const mid = url.searchParams.get("mid") ?? undefined;
    for (const event of handler.parse(request)) {
      await processor.ingest(
        {
          provider,
          channel: (connector as MessagingConnector).channel,
          ...(target ? { target } : {}),
          ...(mid ? { messageIdHint: mid } : {}),
        },
        event,
      );
    }
    const ack = handler.acknowledge ?? { status: 200 };
    res.writeHead(ack.status, ack.headers ?? {});
    res.end(ack.body ?? "");
  };
}
