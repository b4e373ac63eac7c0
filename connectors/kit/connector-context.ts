import type { Connector, ConnectorContext } from "./contracts/index.js";
import type { Logger } from "../../platform/logger.js";
import type { ProviderConfig } from "./provider-config.js";
import { createProviderHttp } from "./provider-http.js";
import type { RateLimiter } from "./rate-limiter.js";
import type { RetryPolicy } from "./retry-policy.js";

export interface ConnectorContextOptions {
  /** The connection the calls are for: its rate-limiter bucket. */
  connectionId?: string;
  limiter?: RateLimiter;
  logger?: Logger;
  timeoutMs?: number;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

/** The HTTP client a connector calls through, bound to its provider and one connection. */
export function createConnectorContext(
  connector: Connector,
  config: ProviderConfig,
  options: ConnectorContextOptions = {},
): ConnectorContext {
  return {
    config,
    http: createProviderHttp({
      provider: connector.provider,
      baseUrl: config.apiBaseUrl,
      classify: connector.classify,
      ...(config.spec.requestIdHeader ? { requestIdHeader: config.spec.requestIdHeader } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.limiter && options.connectionId
        ? { limiter: { limiter: options.limiter, key: options.connectionId } }
        : {}),
    }),
  };
}
