import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray, type PubSub } from "type-graphql";

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

/**
 * type-graphql refuses any `@Subscription` unless a PubSub is configured, even one declared with
 * `subscribe`. Subgraphs declare `@Subscription({ subscribe })` over their own event source
 * (subgraphs/shared/subscriptions/); topic-based subscriptions have nowhere to publish, so this
 * PubSub refuses to be used.
 */
const NO_TOPICS: PubSub = {
  publish() {
    throw new Error("Topic subscriptions are not supported: use @Subscription({ subscribe })");
  },
  subscribe() {
    throw new Error("Topic subscriptions are not supported: use @Subscription({ subscribe })");
  },
};

export type ReferenceResolvers = Record<
  string,
  { __resolveReference: (reference: never, context: never) => unknown }
>;

export interface FederatedSchemaOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type this subgraph can resolve. */
  references?: ReferenceResolvers;
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes: type-graphql produces the
 * types (with `@key`/`@shareable` from `@Directive`), @apollo/subgraph adds `_entities`/`_service`.
 * `createResolversMap` keeps a subscription field's `subscribe` next to its `resolve`, and
 * buildSubgraphSchema sets both on the field.
 */
export async function buildFederatedSchema(
  options: FederatedSchemaOptions,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes ?? [],
    validate: false,
    skipCheck: true,
    pubSub: NO_TOPICS,
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(options.references ?? {})) {
    resolvers[typeName] = {
      ...resolvers[typeName],
      ...reference,
    } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers,
  });
}
