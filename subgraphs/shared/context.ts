import type { IncomingMessage } from "node:http";
import type { EntityManager } from "@mikro-orm/postgresql";
import {
  INTERNAL_HEADER,
  InternalTokenError,
  verifyInternalToken,
  type InternalIdentity,
} from "../../platform/auth/internal-token.js";
import type { Viewer } from "../../platform/auth/viewer.js";
import type { Logger } from "../../platform/logger.js";
import type { Orm } from "../../orm/config.js";
import type { ConnectorRuntime } from "../../connectors/runtime/connector-runtime.js";
import { UnauthenticatedError } from "./errors.js";

/** What every resolver receives: a request-scoped EntityManager, loaders and the verified viewer. */
export interface SubgraphContext<TLoaders> {
  em: EntityManager;
  viewer: Viewer;
  requestId: string;
  logger: Logger;
  loaders: TLoaders;
  /** Provider calls for connections: connectors, credentials, refresh. */
  runtime: ConnectorRuntime;
}

export interface ContextFactoryOptions<TLoaders> {
  orm: Orm;
  internalSecret: string;
  logger: Logger;
  createLoaders: (em: EntityManager, viewer: Viewer) => TLoaders;
  runtime: ConnectorRuntime;
  /** Services one subgraph adds to its own context (orchestration: the execution engine). */
  extras?: object;
}

/**
 * A context for an identity the caller has already verified (a websocket's `connection_init`):
 * a fresh EntityManager fork and fresh DataLoaders bound to the viewer's workspace, each made on
 * first use.
 */
export function createIdentityContextFactory<TLoaders>(
  options: Omit<ContextFactoryOptions<TLoaders>, "internalSecret">,
) {
  return function createContextFor(identity: InternalIdentity): SubgraphContext<TLoaders> {
    const { viewer, requestId } = identity;
    // Built on first use: a subscription resolves every event with a fresh context, and most
    // events read nothing through the EntityManager, the loaders or the logger.
    let em: EntityManager | undefined;
    const forkOnce = () => (em ??= options.orm.em.fork() as EntityManager);
    let loaders: TLoaders | undefined;
    let logger: Logger | undefined;
    const context = { ...options.extras, viewer, requestId, runtime: options.runtime };
    return Object.defineProperties(context, {
      em: { enumerable: true, get: forkOnce },
      loaders: {
        enumerable: true,
        get: () => (loaders ??= options.createLoaders(forkOnce(), viewer)),
      },
      logger: {
        enumerable: true,
        get: () =>
          (logger ??= options.logger.child({ requestId, workspaceId: viewer.workspaceId })),
      },
    }) as typeof context & Pick<SubgraphContext<TLoaders>, "em" | "loaders" | "logger">;
  };
}

/**
 * Per request: verify the gateway's signed identity (refusing calls that do not carry it), fork
 * a fresh EntityManager, and build fresh DataLoaders bound to the viewer's workspace.
 */
export function createContextFactory<TLoaders>(options: ContextFactoryOptions<TLoaders>) {
  const contextFor = createIdentityContextFactory(options);
  return async function createContext(req: IncomingMessage): Promise<SubgraphContext<TLoaders>> {
    const header = req.headers[INTERNAL_HEADER];
    let identity;
    try {
      identity = verifyInternalToken(
        options.internalSecret,
        Array.isArray(header) ? header[0] : header,
      );
    } catch (error) {
      if (error instanceof InternalTokenError) {
        options.logger.warn(
          { reason: error.message },
          "refused a call without gateway credentials",
        );
        throw new UnauthenticatedError(
          "This service only accepts calls from the Crosscast gateway",
        );
      }
      throw error;
    }
    return contextFor(identity);
  };
}
