import {
  ConnectorError,
  type ConnectorErrorKind,
} from "../../../../connectors/kit/connector-error.js";
import type { ProviderConfig } from "../../../../connectors/kit/provider-config.js";
import type { OAuthSpec } from "../../../../connectors/kit/provider-spec.js";
import { FAULT_KINDS, type RenderedFaultKind } from "../../../../connectors/sandbox/sandbox.js";
import { failure } from "../../support/sandbox-fixture.js";

export { failure };

/** The faults a sandbox renders in its provider's wire format (a timeout is the host's doing). */
export const RENDERED_FAULT_KINDS = FAULT_KINDS.filter(
  (kind): kind is RenderedFaultKind => kind !== "TIMEOUT_AFTER_SENDING",
);

/** The faults the HTTP core retries (a single one is waited out; the call then succeeds). */
export const RETRYABLE_FAULT_KINDS = ["RATE_LIMITED", "UNAVAILABLE"] as const;

/** The HTTP core's policy in these suites; waits are recorded, never slept. */
export const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 60_000 };

/** Where the sandbox is does not matter to what a provider's spec says. */
export const ANYWHERE = { sandboxUrl: "http://127.0.0.1", sandboxSecret: "unused" };

/** The same provider configuration with its tokens refreshing (or not) as `refresh` says. */
export function withRefresh(config: ProviderConfig, refresh: OAuthSpec["refresh"]): ProviderConfig {
  const oauth: OAuthSpec = {
    authorizeUrl: "https://example.test/authorize",
    tokenUrl: "https://example.test/token",
    scopes: [],
    scopeSeparator: " ",
    pkce: false,
    clientAuth: "body",
    ...config.spec.oauth,
    refresh,
  };
  return { ...config, spec: { ...config.spec, oauth } };
}

/** A call's outcome: "done", or the kind it failed with. */
export async function outcomeOf(call: Promise<unknown>): Promise<"done" | ConnectorErrorKind> {
  try {
    await call;
    return "done";
  } catch (error) {
    if (error instanceof ConnectorError) {
      return error.kind;
    }
    throw error;
  }
}

/** The pending step of an asynchronous run: what to ask about next, and the wait suggested. */
export interface Pending {
  ref: string;
  retryAfterMs: number;
}

/**
 * Follows an asynchronous run (a publish, a report, a bulk export) to its end. Before asking
 * again it waits for what the sandbox has in flight (its webhooks delivered), then for the
 * suggested wait, shortened: the run's own events pace it, never an assertion on time.
 */
export async function followToEnd<T>(
  first: T,
  pending: (state: T) => Pending | undefined,
  next: (ref: string) => Promise<T>,
  settled: () => Promise<unknown>,
): Promise<T> {
  let state = first;
  for (let asked = 0; ; asked += 1) {
    const step = pending(state);
    if (!step) {
      return state;
    }
    if (asked === 100) {
      throw new Error("the run never ended");
    }
    await settled();
    await new Promise(resolve => setTimeout(resolve, Math.min(step.retryAfterMs, 20)));
    state = await next(step.ref);
  }
}
