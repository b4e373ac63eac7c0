import { mintServiceToken } from "../../../platform/auth/service-token.js";

export interface SupergraphResult {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  /** The call itself failed (network, timeout, an HTTP error without a GraphQL body). */
  transport?: { code: string; message: string };
}

export interface SupergraphCall {
  query: string;
  variables: unknown;
  workspaceId: string;
  executionId: string;
  dryRun: boolean;
  timeoutMs: number;
  requestId: string;
}

/**
 * How a step reaches the supergraph: over HTTP through the gateway, like any client, with a
 * short-lived service credential that acts for the execution's workspace and nothing else.
 */
export function createSupergraphClient(options: {
  gatewayUrl: () => string;
  internalSecret: string;
}) {
  return async function callSupergraph(call: SupergraphCall): Promise<SupergraphResult> {
    const token = await mintServiceToken(options.internalSecret, {
      workspaceId: call.workspaceId,
      executionId: call.executionId,
      dryRun: call.dryRun,
    });
    let response: Response;
    try {
      response = await fetch(options.gatewayUrl(), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${token}`,
          "x-request-id": call.requestId,
        },
        body: JSON.stringify({ query: call.query, variables: call.variables }),
        signal: AbortSignal.timeout(call.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      return {
        transport: {
          code: timedOut ? "TIMEOUT" : "UNAVAILABLE",
          message: timedOut
            ? `no answer within ${call.timeoutMs} ms`
            : "the gateway could not be reached",
        },
      };
    }
    const text = await response.text();
    try {
      const body = JSON.parse(text) as SupergraphResult;
      if (body && (body.data !== undefined || body.errors)) {
        return body;
      }
    } catch {
      // fall through: not a GraphQL answer
    }
    return {
      transport: {
        code: response.status >= 500 ? "UNAVAILABLE" : "INVALID_REQUEST",
        message: `the gateway answered HTTP ${response.status}`,
      },
    };
  };
}

export type CallSupergraph = ReturnType<typeof createSupergraphClient>;
