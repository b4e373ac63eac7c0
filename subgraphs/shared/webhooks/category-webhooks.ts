import type { EntityManager } from "@mikro-orm/postgresql";
import type { WebhookEventsByCategory } from "../../../connectors/kit/contracts/index.js";
import type { ProviderCategory } from "../../../connectors/kit/provider-spec.js";
import { revokeConnections } from "./connection-revoked.js";
import type { CategoryWebhooks, WebhookDelivery } from "./webhook.route.js";

type Handlers<C extends ProviderCategory> = {
  [T in WebhookEventsByCategory[C]["type"]]?: (
    em: EntityManager,
    delivery: WebhookDelivery,
    event: Extract<WebhookEventsByCategory[C], { type: T }>,
  ) => Promise<string | undefined>;
};

/**
 * A category's webhooks from a handler per event type. A revocation stops the account's
 * connections in every category; an event type the subgraph has no handler for is stored and
 * recorded as IGNORED with the reason, never dropped.
 */
export function createCategoryWebhooks<C extends ProviderCategory>(
  category: C,
  handlers: Handlers<C> = {},
): CategoryWebhooks<C> {
  return {
    category,
    apply(em, delivery, event) {
      const handle = (handlers as Record<string, Handlers<C>[keyof Handlers<C>]>)[event.type] as
        | ((
            em: EntityManager,
            delivery: WebhookDelivery,
            event: unknown,
          ) => Promise<string | undefined>)
        | undefined;
      if (handle) {
        return handle(em, delivery, event);
      }
      if (event.type === "CONNECTION_REVOKED") {
        return revokeConnections(em, delivery.provider, event);
      }
      return Promise.resolve(
        `${category.toLowerCase()} ${event.type} events are not acted on by this subgraph`,
      );
    },
  };
}
