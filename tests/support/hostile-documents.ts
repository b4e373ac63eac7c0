/**
 * `levels` fragments on `type`, each spreading the next one twice, the last holding `leaf`:
 * 2^levels paths to one leaf, as an attacker writes a small document to make a validation rule
 * that expands every spread walk forever. Linear rules answer at once.
 */
export function doublingFragments(type: string, levels: number, leaf: string): string {
  return Array.from({ length: levels }, (_, i) =>
    i === levels - 1
      ? `fragment F${i} on ${type} { ${leaf} }`
      : `fragment F${i} on ${type} { ...F${i + 1} ...F${i + 1} }`,
  ).join("\n");
}

/** An introspection `levels` `ofType`s deep (depth levels + 2). */
export const deepIntrospection = (levels: number) =>
  `__type(name: "Query") { ${"ofType { ".repeat(levels)}name${" }".repeat(levels)} }`;
