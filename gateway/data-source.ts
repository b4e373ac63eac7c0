import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Fetcher } from "@apollo/utils.fetcher";
import { INTERNAL_HEADER, signInternalToken } from "../platform/auth/internal-token.js";
import type { GatewayContext } from "./context.js";

/**
 * Calls one subgraph over HTTP with Node's fetch (keep-alive connection pooling), forwarding
 * the request id and a signed assertion of the viewer that the subgraph verifies.
 */
export class CrosscastDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly internalSecret: string,
  ) {
    super({ url, fetcher: fetch as unknown as Fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const ctx = context as Partial<GatewayContext>;
    if (!ctx.viewer || !ctx.requestId || !request.http) {
      return;
    }
    request.http.headers.set("x-request-id", ctx.requestId);
    request.http.headers.set(
      INTERNAL_HEADER,
      signInternalToken(this.internalSecret, { viewer: ctx.viewer, requestId: ctx.requestId }),
    );
  }
}
