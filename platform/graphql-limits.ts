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
  /** Most aliased fields allowed in one document. */
  maxAliases: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 12, maxAliases: 30 };

function limitError(message: string) {
  return new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
}

function depthOf(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const nested = selection.selectionSet
        ? depthOf(selection.selectionSet, fragments, visiting)
        : 0;
      deepest = Math.max(deepest, 1 + nested);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, visiting));
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && !visiting.has(fragment.name.value)) {
        visiting.add(fragment.name.value);
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, visiting));
        visiting.delete(fragment.name.value);
      }
    }
  }
  return deepest;
}

/** Rejects operations nested deeper than `maxDepth`, before any subgraph is called. */
export function createDepthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map(d => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, fragments, new Set());
        if (depth > maxDepth) {
          context.reportError(
            limitError(`Query is nested ${depth} levels deep; the limit is ${maxDepth}`),
          );
        }
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
  return [createDepthLimitRule(limits.maxDepth), createAliasLimitRule(limits.maxAliases)];
}
