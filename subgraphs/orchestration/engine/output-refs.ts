import { Kind, parse, print, visit, type DocumentNode, type FieldNode } from "graphql";

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } };
const cache = new Map<string, string>();

/**
 * The step's operation with `__typename` selected on every object, so the entities its answer
 * names (a sent Message) can be told apart and referenced by events. Cached per operation text.
 */
export function withTypenames(operation: string): string {
  let text = cache.get(operation);
  if (!text) {
    const document: DocumentNode = visit(parse(operation), {
      SelectionSet(node, _key, parent) {
        const inOperation =
          parent &&
          !Array.isArray(parent) &&
          (parent as { kind?: string }).kind === Kind.OPERATION_DEFINITION;
        const has = node.selections.some(
          s => s.kind === Kind.FIELD && s.name.value === "__typename",
        );
        return inOperation || has
          ? undefined
          : { ...node, selections: [...node.selections, TYPENAME] };
      },
    });
    text = print(document);
    if (cache.size > 1_000) {
      cache.clear();
    }
    cache.set(operation, text);
  }
  return text;
}

/** Every `{__typename, id}` object in a step's answer: the entities it created or touched. */
export function entityRefs(data: unknown, found: Array<{ typename: string; id: string }> = []) {
  if (Array.isArray(data)) {
    data.forEach(value => entityRefs(value, found));
  } else if (data && typeof data === "object") {
    const record = data as Record<string, unknown>;
    if (
      typeof record.__typename === "string" &&
      typeof record.id === "string" &&
      found.length < 50
    ) {
      found.push({ typename: record.__typename, id: record.id });
    }
    Object.values(record).forEach(value => entityRefs(value, found));
  }
  return found;
}
