import type { EntityManager } from "@mikro-orm/postgresql";
import type {
  AccountIdentity,
  Secrets,
  Settings,
} from "../../../connectors/kit/contracts/index.js";
import type { ProviderSpec } from "../../../connectors/kit/catalog.js";
import { Connection } from "../../../orm/entities/index.js";
import { uuidv7 } from "../../../orm/uuid.js";
import type { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import { sealSecrets } from "../../../platform/vault/sealed-secrets.js";

export interface VerifiedConnection {
  spec: ProviderSpec;
  identity: AccountIdentity;
  secrets: Secrets;
  settings: Settings;
  scopes?: string[];
  tokenExpiresAt?: Date | null;
  displayName?: string | null;
}

/**
 * Creates the workspace's connection to a verified account, or reconnects the existing one (one
 * row per workspace, provider and account), sealing the secrets to that row. The connector first
 * registers its webhook URL with the provider; if that fails, nothing is written.
 */
export async function saveVerifiedConnection(
  em: EntityManager,
  runtime: ConnectorRuntime,
  workspaceId: string,
  verified: VerifiedConnection,
): Promise<Connection> {
  const { spec, identity } = verified;
  const existing = await em.findOne(Connection, {
    workspace: workspaceId,
    provider: spec.key,
    externalAccountId: identity.externalAccountId,
  });
  const id = existing?.id ?? uuidv7();
  let settings: Settings = { ...verified.settings, ...identity.settings };
  const connector = runtime.connector(spec.key);
  if (connector.register) {
    const handle = { id, workspaceId, secrets: verified.secrets, settings };
    const learned = await connector.register(runtime.context(connector, id), handle, {
      webhookUrl: runtime.webhookUrl(spec.key, id),
    });
    settings = { ...settings, ...learned };
  }
  const connection =
    existing ??
    em.create(Connection, {
      id,
      workspace: workspaceId,
      provider: spec.key,
      category: spec.category,
      externalAccountId: identity.externalAccountId,
      displayName: identity.displayName,
    } as never);
  em.assign(connection, {
    displayName: verified.displayName?.trim() || identity.displayName,
    status: "ACTIVE",
    statusReason: null,
    settings,
    scopes: verified.scopes ?? [],
    tokenExpiresAt: verified.tokenExpiresAt ?? null,
    refreshFailures: 0,
    lastVerifiedAt: new Date(),
    secrets: sealSecrets(runtime.vault, { id, workspace: workspaceId }, verified.secrets),
  } as never);
  await em.flush();
  return connection;
}
