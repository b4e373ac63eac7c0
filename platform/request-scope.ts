import { AsyncLocalStorage } from "node:async_hooks";

interface RequestScope {
  requestId: string | undefined;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/**
 * Runs `work` in a scope that remembers which request (or job) it serves, for the logs of
 * failures that escape every handler (see process-faults.ts). Promises and timers started inside
 * keep the scope.
 */
export function runWithRequestId<T>(requestId: string | undefined, work: () => T): T {
  return scopes.run({ requestId }, work);
}

/** Names the request of the current scope once it is known (the gateway makes one up). */
export function bindRequestId(requestId: string): void {
  const scope = scopes.getStore();
  if (scope) {
    scope.requestId = requestId;
  }
}

/** The request id of the current scope, when there is one. */
export function currentRequestId(): string | undefined {
  return scopes.getStore()?.requestId;
}
