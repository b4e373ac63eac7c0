import { Connection } from "../orm/entities/index.js";
import type { Orm } from "../orm/config.js";
import type { Logger } from "../platform/logger.js";
import type { ConnectorRuntime } from "../connectors/runtime/connector-runtime.js";

/**
 * Sandboxes keep their state in memory, so at every start in sandbox mode the demo workspace's
 * connections register their webhook URLs again (SendGrid's event webhook, the Twilio number's
 * inbound URL), exactly as connecting them did.
 */
export async function registerDemoWebhooks(
  runtime: ConnectorRuntime,
  orm: Orm,
  workspaceId: string,
  logger: Logger,
): Promise<void> {
  const em = orm.em.fork();
  const connections = await em.find(
    Connection,
    { workspace: workspaceId, status: "ACTIVE", secrets: { $ne: null } },
    { populate: ["secrets"] as never },
  );
  for (const connection of connections) {
    const register = runtime.has(connection.provider)
      ? runtime.connector(connection.provider).register
      : undefined;
    if (!register) {
      continue;
    }
    try {
      const learned = await runtime.withConnection(connection, (ctx, handle) =>
        register(ctx, handle, {
          webhookUrl: runtime.webhookUrl(connection.provider, connection.id),
        }),
      );
      if (learned) {
        connection.settings = { ...connection.settings, ...learned };
      }
    } catch (error) {
      logger.warn(
        { err: error, provider: connection.provider },
        "demo webhook registration failed",
      );
    }
  }
  await em.flush();
}
