import type { EntityManager } from "@mikro-orm/postgresql";
import { Connection } from "../../../orm/entities/index.js";

/** A connection a webhook event is for: named by the URL, or found by the provider's account id. */
export interface WebhookTarget {
  connectionId: string;
  workspaceId: string;
}

export async function targetsOf(
  em: EntityManager,
  provider: string,
  named: WebhookTarget | undefined,
  accountId: string | undefined,
): Promise<WebhookTarget[]> {
  if (named) {
    return [named];
  }
  if (!accountId) {
    return [];
  }
  const connections = await em.find(
    Connection,
    { provider, externalAccountId: accountId, status: { $ne: "DISCONNECTED" } },
    { fields: ["id", "workspace"] as never },
  );
  return connections.map(connection => ({
    connectionId: connection.id,
    workspaceId: connection.workspace,
  }));
}
