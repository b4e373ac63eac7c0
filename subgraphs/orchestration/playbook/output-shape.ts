import {
  GraphQLString,
  Kind,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

/** What a template path may find at a point, known before any run. */
export type Shape =
  /** JSON inputs: anything; only the run can tell. */
  | { kind: "any" }
  | { kind: "leaf"; name: string }
  | { kind: "list"; of: Shape }
  /** Any key, each holding `of` (a Recipient's string fields). */
  | { kind: "record"; of: Shape }
  /** Part of a step's GraphQL data: the fields its selection sets select on `parent`. */
  | {
      kind: "selection";
      schema: GraphQLSchema;
      parent: GraphQLCompositeType;
      selectionSets: readonly SelectionSetNode[];
      fragments: ReadonlyMap<string, FragmentDefinitionNode>;
    };

type SelectionShape = Extract<Shape, { kind: "selection" }>;

interface Match {
  type: GraphQLOutputType;
  selectionSet: SelectionSetNode | undefined;
}

/** The shape of an output type with the selection sets that were asked of it. */
export function outputShape(
  type: GraphQLOutputType,
  selectionSets: readonly SelectionSetNode[],
  context: Pick<SelectionShape, "schema" | "fragments">,
): Shape {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    return { kind: "list", of: outputShape(inner.ofType, selectionSets, context) };
  }
  const named = getNamedType(inner);
  if (isCompositeType(named)) {
    return { kind: "selection", ...context, parent: named, selectionSets };
  }
  return { kind: "leaf", name: named.name };
}

function collect(
  shape: SelectionShape,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  key: string,
  matches: Match[],
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value !== key) {
        continue;
      }
      const name = selection.name.value;
      const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
      const type: GraphQLOutputType | undefined =
        name === "__typename" ? GraphQLString : fields[name]?.type;
      if (type) {
        matches.push({ type, selectionSet: selection.selectionSet });
      }
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection
        : shape.fragments.get(selection.name.value);
    if (!fragment) {
      continue;
    }
    const condition = fragment.typeCondition
      ? shape.schema.getType(fragment.typeCondition.name.value)
      : parent;
    if (condition && isCompositeType(condition)) {
      collect(shape, condition, fragment.selectionSet, key, matches);
    }
  }
}

/** The shape under a response key (an alias or a field name) of selected data; null if none. */
export function selectKey(shape: SelectionShape, key: string): Shape | null {
  const matches: Match[] = [];
  for (const selectionSet of shape.selectionSets) {
    collect(shape, shape.parent, selectionSet, key, matches);
  }
  const [first] = matches;
  if (!first) {
    return null;
  }
  const nested = matches.flatMap(match => (match.selectionSet ? [match.selectionSet] : []));
  return outputShape(first.type, nested, shape);
}
