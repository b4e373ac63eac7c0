import type { IncomingMessage, ServerResponse } from "node:http";
import { isProviderKey, PROVIDERS } from "../connectors/kit/catalog.js";
import type { ProviderCategory } from "../connectors/kit/provider-spec.js";
import type { SubgraphName } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import { createForwardRoute, serviceBaseUrl } from "./forward.js";

/** The subgraph that owns each category's webhooks (and everything else of the category). */
const OWNER: Record<ProviderCategory, SubgraphName> = {
  MESSAGING: "messaging",
  SOCIAL: "social",
  ADS: "ads",
  COMMERCE: "commerce",
};

/**
 * `/webhooks/<provider>/…` reaches the subgraph that owns the provider's category, unchanged
 * (signatures are checked there over the raw bytes). A provider the catalog does not know is
 * answered here, and no subgraph is bothered.
 */
export function createWebhookForward(subgraphUrls: Record<SubgraphName, string>, logger: Logger) {
  const forwards = Object.fromEntries(
    Object.entries(OWNER).map(([category, subgraph]) => [
      category,
      createForwardRoute(serviceBaseUrl(subgraphUrls[subgraph]), logger),
    ]),
  ) as Record<ProviderCategory, ReturnType<typeof createForwardRoute>>;
  return function forwardWebhook(req: IncomingMessage, res: ServerResponse) {
    const provider = new URL(req.url ?? "/", "http://gateway").pathname.split("/")[2] ?? "";
    if (!isProviderKey(provider)) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("unknown provider");
      return;
    }
    return forwards[PROVIDERS[provider].category](req, res);
  };
}
