import type { EntityManager } from "@mikro-orm/postgresql";
import type { ConnectionRevokedEvent } from "../../../connectors/kit/contracts/webhooks.js";
import { Connection } from "../../../orm/entities/index.js";

/** Any category's: the provider revoked the app for an account, so its connections stop. */
export async function revokeConnections(
  em: EntityManager,
  provider: string,
  event: ConnectionRevokedEvent,
): Promise<string | undefined> {
  const changed = await em.nativeUpdate(
    Connection,
    {
      provider,
      externalAccountId: event.externalAccountId,
      status: { $ne: "DISCONNECTED" },
    } as never,
    { status: "REVOKED", statusReason: `Revoked at the provider: ${event.reason}` } as never,
  );
  return changed ? undefined : "no connection for this account";
}
