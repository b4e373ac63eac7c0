import { Supergraph } from "@apollo/federation-internals";
import type { GraphQLSchema } from "graphql";

/**
 * The supergraph's API schema: what clients (and playbook steps) may query, without the
 * federation machinery (join__/link__ types and directives, @inaccessible elements).
 * `@apollo/federation-internals` is the library composition and the gateway use for the same
 * (a dependency of @apollo/composition, @apollo/gateway and @apollo/query-planner, same version).
 */
export function buildApiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}
