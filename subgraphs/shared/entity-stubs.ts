import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A reference to an entity another subgraph owns: its key only. */
export interface EntityRef {
  id: string;
}

/**
 * Creates a key-only view of an entity another subgraph owns, which a connector subgraph then
 * extends with fields of its own through batched field resolvers. Every subgraph calls this for
 * itself: type-graphql attaches field resolvers to the class, so sharing one class between
 * subgraphs would leak one subgraph's fields into the others' schemas.
 */
export function createEntityStub(
  typeName: "Campaign" | "Connection" | "Message",
  options: { resolvable?: boolean } = {},
) {
  @Directive(
    options.resolvable === false ? '@key(fields: "id", resolvable: false)' : '@key(fields: "id")',
  )
  @ObjectType(typeName)
  class EntityStub implements EntityRef {
    @Field(() => ID)
    id!: string;
  }
  return EntityStub;
}
