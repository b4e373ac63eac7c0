import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
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

interface DepthWalk {
  fragments: Map<string, FragmentDefinitionNode>;
  visiting: Set<string>;
  /** Leave introspection fields out (they have a limit of their own). */
  skipIntrospection: boolean;
}

function depthOf(set: SelectionSetNode, walk: DepthWalk): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (walk.skipIntrospection && INTROSPECTION_ROOTS.has(selection.name.value)) {
        continue;
      }
      const nested = selection.selectionSet ? depthOf(selection.selectionSet, walk) : 0;
      deepest = Math.max(deepest, 1 + nested);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, walk));
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      if (fragment && !walk.visiting.has(fragment.name.value)) {
        walk.visiting.add(fragment.name.value);
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, walk));
        walk.visiting.delete(fragment.name.value);
      }
    }
  }
  return deepest;
}

/**
 * Rejects operations nested deeper than `maxDepth`, before any subgraph is called; the
 * introspection part of an operation may go down to `maxIntrospectionDepth`.
 */
export function createDepthLimitRule(
  maxDepth: number,
  maxIntrospectionDepth = DEFAULT_LIMITS.maxIntrospectionDepth,
) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map(d => [d.name.value, d]),
    );
    const walk = (skipIntrospection: boolean): DepthWalk => ({
      fragments,
      visiting: new Set(),
      skipIntrospection,
    });
    const check = (depth: number, limit: number) => {
      if (depth > limit) {
        context.reportError(
          limitError(`Query is nested ${depth} levels deep; the limit is ${limit}`),
        );
      }
    };
    let introspects = false;
    return {
      Field(field) {
        introspects ||= INTROSPECTION_ROOTS.has(field.name.value);
      },
      OperationDefinition: {
        leave(operation) {
          check(depthOf(operation.selectionSet, walk(true)), maxDepth);
          if (introspects) {
            const limit = Math.max(maxDepth, maxIntrospectionDepth);
            check(depthOf(operation.selectionSet, walk(false)), limit);
          }
        },
      },
    };
  };
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
