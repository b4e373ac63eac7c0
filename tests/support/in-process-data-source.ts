import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import {
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
} from "graphql";
import type { GatewayContext } from "../../gateway/context.js";
import type { SubgraphService } from "../../subgraphs/shared/create-subgraph-service.js";

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/**
 * Runs one subgraph's part of a query in this process: graphql-js `execute` on the subgraph's
 * schema, with the context its own factory makes for the gateway context's viewer and request id,
 * and errors formatted by the subgraph's own `formatError`. What the subgraph's Apollo Server
 * would answer with HTTP 400 (a literal or a variable its scalars refuse) is thrown as
 * BAD_USER_INPUT, and anything else it would refuse as an upstream failure, as
 * `CrosscastDataSource` does with those answers.
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  /** The query plan sends the same few documents again and again: parse each once. */
  private readonly documents = new Map<string, DocumentNode>();

  constructor(private readonly service: SubgraphService) {}

  async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) {
      throw new Error("Missing query");
    }
    const { viewer, requestId } = options.context as Partial<GatewayContext>;
    if (!viewer || !requestId) {
      // Over HTTP the subgraph refuses a call without the gateway's signed identity.
      throw new GraphQLError("Subgraph answered HTTP 401");
    }
    const document = this.documentOf(request.query);
    const [invalid] = validate(this.service.schema, document);
    if (invalid) {
      throw new GraphQLError(invalid.message, { extensions: { code: "BAD_USER_INPUT" } });
    }
    const result = await execute({
      schema: this.service.schema,
      document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: this.service.contextFor({ viewer, requestId }),
    });
    if (!("data" in result)) {
      // Variables the subgraph could not coerce: execution never started.
      const message = result.errors?.[0]?.message ?? "Invalid variables";
      throw new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
    }
    return {
      data: result.data ?? null,
      ...(result.errors ? { errors: result.errors.map(error => this.format(error)) } : {}),
    } as GatewayGraphQLResponse;
  }

  private documentOf(query: string): DocumentNode {
    let document = this.documents.get(query);
    if (!document) {
      try {
        document = parse(query);
      } catch {
        // The subgraph answers GRAPHQL_PARSE_FAILED with HTTP 400, which the gateway masks.
        throw new GraphQLError("Subgraph answered HTTP 400");
      }
      this.documents.set(query, document);
    }
    return document;
  }

  /** As Apollo Server does: a code for every error (INTERNAL_SERVER_ERROR when it has none). */
  private format(error: GraphQLError): GraphQLFormattedError {
    const formatted = error.toJSON();
    const code = formatted.extensions?.code ?? "INTERNAL_SERVER_ERROR";
    return this.service.formatError(
      { ...formatted, extensions: { ...formatted.extensions, code } },
      error,
    );
  }
}
