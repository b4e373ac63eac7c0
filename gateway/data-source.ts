import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Fetcher, FetcherResponse } from "@apollo/utils.fetcher";
import { GraphQLError } from "graphql";
import { INTERNAL_HEADER, signInternalToken } from "../platform/auth/internal-token.js";
import type { GatewayContext } from "./context.js";

/**
 * Calls one subgraph over HTTP (a keep-alive node:http client shared by every subgraph), forwarding
 * the request id and a signed assertion of the viewer that the subgraph verifies.
 */
export class CrosscastDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly internalSecret: string,
    fetcher: Fetcher,
  ) {
    super({ url, fetcher });
  }

  /**
   * A subgraph answers variables it cannot coerce (a non-integer amount, say) with HTTP 400 and a
   * BAD_USER_INPUT error: that is the client's mistake, so forward it. Anything else stays an
   * upstream failure, which the gateway masks.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body = (await this.parseBody(response)) as {
      errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }>;
    };
    const first = typeof body === "object" && body ? body.errors?.[0] : undefined;
    if (response.status === 400 && first?.extensions?.code === "BAD_USER_INPUT") {
      return new GraphQLError(String(first.message), { extensions: { code: "BAD_USER_INPUT" } });
    }
    return new GraphQLError(`Subgraph answered HTTP ${response.status}`);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const ctx = context as Partial<GatewayContext>;
    if (!ctx.viewer || !ctx.requestId || !request.http) {
      return;
    }
    request.http.headers.set("x-request-id", ctx.requestId);
    // One signed assertion per client request, shared by its subgraph calls (re-signed well
    // within its 60-second life for long-lived contexts: a subscription's).
    const now = Date.now();
    if (!ctx.internalToken || now - ctx.internalToken.signedAt > 30_000) {
      ctx.internalToken = {
        value: signInternalToken(
          this.internalSecret,
          { viewer: ctx.viewer, requestId: ctx.requestId },
          now,
        ),
        signedAt: now,
      };
    }
    request.http.headers.set(INTERNAL_HEADER, ctx.internalToken.value);
  }
}
