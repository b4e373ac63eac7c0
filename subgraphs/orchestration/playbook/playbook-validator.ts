import type { GraphQLSchema } from "graphql";
import { checkGraph } from "./dag.js";
import { checkOperation, checkVariables, type CheckedOperation } from "./operation-check.js";
import { parsePlaybook } from "./playbook-parser.js";
import { checkStepReferences } from "./reference-check.js";
import type { Playbook } from "./playbook.types.js";

/**
 * Save-time validation of a playbook against the supergraph's API schema (see api-schema.ts).
 * Returns the normalized playbook, or throws a PlaybookError about the first problem, in this
 * order: the JSON format and limits (playbook-parser.ts); step ids unique, dependsOn known, no
 * cycle (dag.ts); each operation parses, is one query or mutation and validates, and its
 * variables are all given, declared and shaped like their input types (operation-check.ts);
 * every template resolves statically (reference-check.ts).
 */
export function validatePlaybook(json: unknown, schema: GraphQLSchema): Playbook {
  const playbook = parsePlaybook(json);
  checkGraph(playbook);
  const operations = new Map<string, CheckedOperation>();
  playbook.steps.forEach((step, index) => {
    const checked = checkOperation(step, index, schema);
    checkVariables(step, index, checked, schema);
    operations.set(step.id, checked);
  });
  playbook.steps.forEach((step, index) => {
    checkStepReferences(step, index, { playbook, schema, operations });
  });
  return playbook;
}
