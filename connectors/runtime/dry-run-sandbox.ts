import { createHmac } from "node:crypto";
import type {
  ConnectionHandle,
  Connector,
  ConnectorContext,
  DemoAccount,
} from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import { createConnectorContext } from "../kit/connector-context.js";
import type { ProviderConfigs } from "../kit/provider-config.js";
import type { Connection } from "../../orm/entities/index.js";
import type { Logger } from "../../platform/logger.js";
import { safeEqual } from "../kit/webhook-signatures.js";

/** Query parameter of a dry run's status callback URL: the token that makes it one. */
export const DRY_RUN_PARAM = "dry";

/**
 * A dry run's status callbacks come from a provider sandbox, signed with the sandbox's demo
 * account, whose secrets are public. What makes such a callback genuine is a token in its URL:
 * an HMAC, keyed by the secret this deployment shares with its sandboxes, over the provider, the
 * connection and the one message the callback may report on. Nothing in the source can forge it,
 * and it names a single dry-run message, so a leaked token reaches nothing else.
 */
export function createDryRunCallbacks(sandboxSecret: string) {
  const token = (provider: string, connectionId: string, messageId: string) =>
    createHmac("sha256", sandboxSecret)
      .update(`dry-run callback\n${provider}\n${connectionId}\n${messageId}`)
      .digest("base64url");
  return {
    token,
    verify(provider: string, connectionId: string, messageId: string, candidate: string): boolean {
      return safeEqual(token(provider, connectionId, messageId), candidate);
    },
  };
}

export type DryRunCallbacks = ReturnType<typeof createDryRunCallbacks>;

export interface DryRunSandboxOptions {
  connector: (provider: string) => Connector;
  /** The provider sandboxes, whatever the mode of real calls. */
  sandboxProviders?: ProviderConfigs;
  /** The sandbox accounts that stand in for connections (`<p>.demo.ts`). */
  demoAccounts?: readonly DemoAccount[];
  /** The secret this deployment shares with its sandboxes: callback tokens derive from it. */
  sandboxSecret: string;
  logger: Logger;
  timeoutMs?: number;
}

/**
 * What a dry run calls instead of the real provider: the provider's sandbox, with its demo
 * account standing in for the connection, whatever the connection's own credentials and state;
 * and the tokens that let the sandbox's callbacks reach that run's messages and nothing else.
 */
export class DryRunSandbox {
  readonly callbacks: DryRunCallbacks;

  constructor(private readonly options: DryRunSandboxOptions) {
    this.callbacks = createDryRunCallbacks(options.sandboxSecret);
  }

  /** Whether `token` is the dry-run callback token of this connection's message. */
  isCallback(
    connection: Pick<Connection, "id" | "provider">,
    messageId: string,
    token: string,
  ): boolean {
    return this.callbacks.verify(connection.provider, connection.id, messageId, token);
  }

  /** The sandbox demo account standing in for a connection during a dry run. */
  handle(connection: Pick<Connection, "id" | "workspace" | "provider">): ConnectionHandle {
    const demo = this.options.demoAccounts?.find(
      account => account.provider === connection.provider,
    );
    if (!demo) {
      throw new ConnectorError("UNAVAILABLE", `${connection.provider} has no sandbox for dry runs`);
    }
    return {
      id: connection.id,
      workspaceId: connection.workspace,
      secrets: { ...demo.secrets },
      settings: { ...demo.settings },
    };
  }

  /** A dry run's call: nothing reaches the real provider, and the connection is left alone. */
  async call<T>(
    connection: Connection,
    call: (ctx: ConnectorContext, handle: ConnectionHandle) => Promise<T>,
  ): Promise<T> {
    const configs = this.options.sandboxProviders;
    if (!configs) {
      throw new ConnectorError("UNAVAILABLE", "dry runs need the provider sandboxes (SANDBOX_URL)");
    }
    const connector = this.options.connector(connection.provider);
    const ctx = createConnectorContext(connector, configs[connector.provider], {
      logger: this.options.logger,
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
    });
    return call(ctx, this.handle(connection));
  }
}
