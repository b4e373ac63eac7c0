import { createClient, type Client, type FormattedExecutionResult } from "graphql-ws";
import { WebSocket } from "ws";

/** A graphql-ws client's view of federated subscriptions, for the end-to-end tests. */
export type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;

export interface Outcome {
  results: Result[];
  completed: boolean;
  error?: unknown;
}

export const TICKS = `subscription Ticks($from: Int!, $count: Int!) {
  ticks(from: $from, count: $count) { id n workspaceId stamp seenBy }
}`;

export function connect(url: string, params?: Record<string, unknown>): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    ...(params ? { connectionParams: params } : {}),
  });
}

/** Runs a subscription until it completes or fails. */
export function run(client: Client, query: string, variables: Record<string, unknown> = {}) {
  return new Promise<Outcome>(resolve => {
    const results: Result[] = [];
    client.subscribe(
      { query, variables },
      {
        next: result => results.push(result),
        error: error => resolve({ results, completed: false, error }),
        complete: () => resolve({ results, completed: true }),
      },
    );
  });
}

/** Subscribes and resolves once `count` results arrived, with the function that unsubscribes. */
export function take(client: Client, count: number, variables: Record<string, unknown>) {
  return new Promise<{ results: Result[]; unsubscribe: () => void }>((resolve, reject) => {
    const results: Result[] = [];
    const unsubscribe = client.subscribe(
      { query: TICKS, variables },
      {
        next: result => {
          results.push(result);
          if (results.length === count) {
            resolve({ results, unsubscribe });
          }
        },
        error: reject,
        complete: () => reject(new Error(`completed after ${results.length} results`)),
      },
    );
  });
}

export const closeCode = (outcome: Outcome) =>
  (outcome.error as { code?: number } | undefined)?.code;
export const errorsOf = (outcome: Outcome) => outcome.error as Array<Record<string, unknown>>;
