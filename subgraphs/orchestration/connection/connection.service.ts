import type { EntityManager } from "@mikro-orm/postgresql";
import type { Secrets, Settings } from "../../../connectors/kit/contracts/index.js";
import { isProviderKey, PROVIDERS } from "../../../connectors/kit/catalog.js";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import { Connection } from "../../../orm/entities/index.js";
import { canWrite, type Viewer } from "../../../platform/auth/viewer.js";
import { requireWriter } from "../../shared/authorization.js";
import type { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import { BadUserInputError, NotFoundError } from "../../shared/errors.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import type { Page } from "../../shared/pagination.js";
import { saveVerifiedConnection } from "./connection-store.js";

export interface ConnectionFilter {
  provider?: string | null;
  category?: Connection["category"] | null;
  status?: Connection["status"] | null;
}

export interface ConnectionTest {
  connectionId: string;
  ok: boolean;
  status: Connection["status"];
  checkedAt: Date;
  error: { code: string; message: string } | null;
}

const MAX_CREDENTIAL_LENGTH = 4_096;

/** A workspace's connections: connect with credentials, test, disconnect, list. */
export class ConnectionService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly runtime: ConnectorRuntime,
  ) {}

  list(filter: ConnectionFilter, page: Page): Promise<Connection[]> {
    const where = {
      ...(filter.provider ? { provider: filter.provider } : {}),
      ...(filter.category ? { category: filter.category } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    return listInWorkspace<Connection>(this.em, Connection, this.viewer, page, where);
  }

  /** Loads one of the workspace's connections with its sealed secrets. */
  private async load(id: string): Promise<Connection> {
    const connection = await this.em.findOne(
      Connection,
      { id, workspace: this.viewer.workspaceId },
      { populate: ["secrets"] as never },
    );
    if (!connection) {
      throw new NotFoundError("Connection");
    }
    return connection;
  }

  async connectWithCredentials(input: {
    provider: string;
    credentials: Array<{ name: string; value: string }>;
    displayName?: string | null;
  }): Promise<Connection> {
    requireWriter(this.viewer);
    const spec = isProviderKey(input.provider) ? PROVIDERS[input.provider] : undefined;
    const connector =
      spec && this.runtime.has(spec.key) ? this.runtime.connector(spec.key) : undefined;
    if (!spec) {
      throw new BadUserInputError("provider", `unknown provider "${input.provider}"`);
    }
    if (!connector?.credentialFields) {
      throw new BadUserInputError("provider", `${spec.name} does not connect with credentials`);
    }
    const fields = connector.credentialFields;
    const given = new Map<string, string>();
    for (const { name, value } of input.credentials) {
      if (
        !fields.secrets.includes(name) &&
        !fields.settings.includes(name) &&
        !fields.optional?.includes(name)
      ) {
        throw new BadUserInputError(`credentials.${name}`, `is not a ${spec.name} credential`);
      }
      const trimmed = value.trim();
      if (trimmed.length > MAX_CREDENTIAL_LENGTH) {
        throw new BadUserInputError(`credentials.${name}`, "is too long");
      }
      given.set(name, trimmed);
    }
    const secrets: Secrets = {};
    const settings: Settings = {};
    for (const name of [...fields.secrets, ...fields.settings, ...(fields.optional ?? [])]) {
      const value = given.get(name);
      if (!value) {
        if (!fields.optional?.includes(name)) {
          throw new BadUserInputError(`credentials.${name}`, "is required");
        }
        continue;
      }
      (fields.secrets.includes(name) ? secrets : settings)[name] = value;
    }
    const identity = await connector
      .verify(this.runtime.context(connector), { secrets, settings })
      .catch((error: unknown) => {
        throw error instanceof ConnectorError && !error.retryable
          ? new BadUserInputError(
              "credentials",
              `${spec.name} refused the credentials (${error.kind}): ${error.message}`,
            )
          : error;
      });
    return saveVerifiedConnection(this.em, this.runtime, this.viewer.workspaceId, {
      spec,
      identity,
      secrets,
      settings,
      displayName: input.displayName ?? null,
    });
  }

  /** A live verification call with the stored credentials (refreshing them if needed). */
  async test(id: string): Promise<ConnectionTest> {
    const connection = await this.load(id);
    const checkedAt = new Date();
    if (connection.status === "DISCONNECTED") {
      return {
        connectionId: id,
        ok: false,
        status: connection.status,
        checkedAt,
        error: { code: "CONNECTION_INACTIVE", message: "the connection was disconnected" },
      };
    }
    const connector = this.runtime.connector(connection.provider);
    try {
      await this.runtime.withConnection(connection, (ctx, handle) => connector.verify(ctx, handle));
      if (canWrite(this.viewer)) {
        await this.em.nativeUpdate(Connection, { id }, {
          status: "ACTIVE",
          statusReason: null,
          lastVerifiedAt: checkedAt,
          refreshFailures: 0,
        } as never);
      }
      return { connectionId: id, ok: true, status: "ACTIVE", checkedAt, error: null };
    } catch (error) {
      if (!(error instanceof ConnectorError)) {
        throw error;
      }
      const fresh = await this.em.fork().findOne(Connection, { id });
      return {
        connectionId: id,
        ok: false,
        status: fresh?.status ?? connection.status,
        checkedAt,
        error: { code: error.kind, message: error.message },
      };
    }
  }

  /** Stops using the connection and wipes its secrets. */
  async disconnect(id: string): Promise<Connection> {
    requireWriter(this.viewer);
    const connection = await this.load(id);
    this.em.assign(connection, {
      status: "DISCONNECTED",
      statusReason: "Disconnected by a user",
      secrets: null,
      tokenExpiresAt: null,
    } as never);
    await this.em.flush();
    return connection;
  }
}
