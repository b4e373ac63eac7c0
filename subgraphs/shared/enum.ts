import { registerEnumType } from "type-graphql";

/**
 * A GraphQL enum whose values are the entity's own string union (one source of truth in orm/):
 * returns the `{ VALUE: "VALUE" }` object type-graphql registers under `name`.
 */
export function graphqlEnum<const T extends readonly string[]>(
  values: T,
  name: string,
): { [K in T[number]]: K } {
  const enumObject = Object.fromEntries(values.map(value => [value, value])) as {
    [K in T[number]]: K;
  };
  registerEnumType(enumObject, { name });
  return enumObject;
}
