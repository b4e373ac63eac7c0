import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";

export interface OperationLimits {
  /** Deepest allowed nesting of selection sets (fragments expanded). */
  maxDepth: number;
  /**
   * Deepest allowed nesting of an operation that introspects (`__schema`, `__type`): tools'
   * introspection queries follow `ofType` many levels down (GraphiQL's is 15 deep).
   */
  maxIntrospectionDepth: number;
  /** Most aliased fields allowed in one document. */
  maxAliases: number;
}

export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxIntrospectionDepth: 20,
  maxAliases: 30,
};

const INTROSPECTION_ROOTS = new Set(["__schema", "__type"]);

function limitError(message: string) {
  return new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
}

interface Measure {
  /** Deepest nesting below this selection set, fragments expanded. */
  depth: number;
  /** Whether an introspection root (`__schema`, `__type`) is selected somewhere below. */
  introspects: boolean;
}

/**
 * Measures selection sets with every fragment measured once and remembered, so the work is
 * linear in the document's size however often fragments spread each other (a fragment that
 * spreads the next one twice, 60 levels down, is 2^60 fields expanded but 60 measurements). A
 * fragment already on the walk's path (a cycle, which validation refuses anyway) counts as empty.
 */
function createMeasurer(
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  skipIntrospection: boolean,
) {
  const measured = new Map<string, Measure>();
  const onPath = new Set<string>();
  const fragment = (name: string): Measure => {
    const known = measured.get(name);
    if (known) {
      return known;
    }
    const definition = fragments.get(name);
    if (!definition || onPath.has(name)) {
      return { depth: 0, introspects: false };
    }
    onPath.add(name);
    const result = measure(definition.selectionSet);
    onPath.delete(name);
    measured.set(name, result);
    return result;
  };
  const measure = (set: SelectionSetNode): Measure => {
    let depth = 0;
    let introspects = false;
    for (const selection of set.selections) {
      let inner: Measure;
      if (selection.kind === Kind.FIELD) {
        const root = INTROSPECTION_ROOTS.has(selection.name.value);
        introspects ||= root;
        if (root && skipIntrospection) {
          continue;
        }
        const nested = selection.selectionSet
          ? measure(selection.selectionSet)
          : { depth: 0, introspects: false };
        inner = { depth: nested.depth + 1, introspects: nested.introspects };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(selection.selectionSet);
      } else {
        inner = fragment(selection.name.value);
      }
      depth = Math.max(depth, inner.depth);
      introspects ||= inner.introspects;
    }
    return { depth, introspects };
  };
  return measure;
}

/**
 * Rejects operations nested deeper than `maxDepth`, before any subgraph is called; the
 * introspection part of an operation may go down to `maxIntrospectionDepth`.
 */
export function createDepthLimitRule(
  maxDepth: number,
  maxIntrospectionDepth = DEFAULT_LIMITS.maxIntrospectionDepth,
) {
  return (context: ValidationContext): ASTVisitor => ({
    Document: {
      // On leaving the document, so fragments defined after an operation count as well.
      leave(document) {
        const fragments = new Map<string, FragmentDefinitionNode>();
        const operations: OperationDefinitionNode[] = [];
        for (const definition of document.definitions) {
          if (definition.kind === Kind.FRAGMENT_DEFINITION) {
            fragments.set(definition.name.value, definition);
          } else if (definition.kind === Kind.OPERATION_DEFINITION) {
            operations.push(definition);
          }
        }
        const queryPart = createMeasurer(fragments, true);
        const whole = createMeasurer(fragments, false);
        const check = (depth: number, limit: number) => {
          if (depth > limit) {
            context.reportError(
              limitError(`Query is nested ${depth} levels deep; the limit is ${limit}`),
            );
          }
        };
        for (const operation of operations) {
          const measured = queryPart(operation.selectionSet);
          check(measured.depth, maxDepth);
          if (measured.introspects) {
            check(whole(operation.selectionSet).depth, Math.max(maxDepth, maxIntrospectionDepth));
          }
        }
      },
    },
  });
}

/** Rejects documents with more than `maxAliases` aliased fields (alias amplification). */
export function createAliasLimitRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) {
          aliases += 1;
        }
      },
      Document: {
        leave() {
          if (aliases > maxAliases) {
            context.reportError(
              limitError(`Query uses ${aliases} aliases; the limit is ${maxAliases}`),
            );
          }
        },
      },
    };
  };
}

export function createLimitRules(limits: OperationLimits = DEFAULT_LIMITS) {
  return [
    createDepthLimitRule(limits.maxDepth, limits.maxIntrospectionDepth),
    createAliasLimitRule(limits.maxAliases),
  ];
}
