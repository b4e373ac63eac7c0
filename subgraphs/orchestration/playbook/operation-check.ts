import {
  GraphQLError,
  Kind,
  isInputType,
  parse,
  print,
  typeFromAST,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { childField, stepError } from "./playbook.errors.js";
import { checkLiteralShape } from "./variable-shape.js";
import type { PlaybookStep } from "./playbook.types.js";

/** A step's operation, parsed and valid against the API schema. */
export interface CheckedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

/** Tokens a step's operation may have (graphql-js stops parsing past it). */
const MAX_TOKENS = 5000;

function parseOperation(step: PlaybookStep, field: string): DocumentNode {
  try {
    return parse(step.operation, { maxTokens: MAX_TOKENS, noLocation: false });
  } catch (error) {
    if (error instanceof GraphQLError) {
      throw stepError(step.id, field, `operation does not parse: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Parses a step's operation and validates it against the API schema: exactly one operation,
 * a query or a mutation (fragments allowed), and no GraphQL validation error.
 */
export function checkOperation(
  step: PlaybookStep,
  index: number,
  schema: GraphQLSchema,
): CheckedOperation {
  const field = `steps[${index}].operation`;
  if (step.operation.includes("{{")) {
    throw stepError(
      step.id,
      field,
      "the operation is never templated; declare a $variable and set it in variables",
    );
  }
  const document = parseOperation(step, field);
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  const [operation] = operations;
  if (operations.length !== 1 || operation === undefined) {
    throw stepError(
      step.id,
      field,
      `the operation document must hold exactly one operation, found ${operations.length}`,
    );
  }
  if (operation.operation === "subscription") {
    throw stepError(step.id, field, "subscriptions cannot be steps; use a query or a mutation");
  }
  const [error] = validate(schema, document);
  if (error) {
    throw stepError(step.id, field, `operation is invalid: ${error.message}`);
  }
  const fragments = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode =>
          definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map(fragment => [fragment.name.value, fragment]),
  );
  return { document, operation, fragments };
}

/**
 * Checks a step's variables against what its operation declares: every non-null variable
 * without a default is given, nothing undeclared is given, and literal values have the shape
 * of their GraphQL input type (see variable-shape.ts).
 */
export function checkVariables(
  step: PlaybookStep,
  index: number,
  checked: CheckedOperation,
  schema: GraphQLSchema,
): void {
  const base = `steps[${index}].variables`;
  const definitions = checked.operation.variableDefinitions ?? [];
  const declared = new Set(definitions.map(definition => definition.variable.name.value));
  for (const name of Object.keys(step.variables)) {
    if (!declared.has(name)) {
      throw stepError(
        step.id,
        childField(base, name),
        `variables gives "${name}", which the operation does not declare ($${name})`,
      );
    }
  }
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const field = childField(base, name);
    const given = Object.hasOwn(step.variables, name);
    if (!given && definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue) {
      throw stepError(
        step.id,
        field,
        `required variable $${name} (${print(definition.type)}) is missing from variables`,
      );
    }
    const type = typeFromAST(schema, definition.type);
    if (given && type && isInputType(type)) {
      const problem = checkLiteralShape(step.variables[name] ?? null, type, field);
      if (problem) {
        throw stepError(step.id, problem.field, `${problem.field}: ${problem.message}`);
      }
    }
  }
}
