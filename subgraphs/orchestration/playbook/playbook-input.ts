import { BadUserInputError } from "../../shared/errors.js";
import type { GraphQLSchema } from "graphql";
import { checkInputValue } from "./inputs.js";
import { PlaybookError, reasonOf } from "./playbook.errors.js";
import type { JsonObject } from "./playbook.types.js";
import { validatePlaybook } from "./playbook-validator.js";

/**
 * A playbook as a client sends it, checked against the composed supergraph before it is saved;
 * a problem is a BAD_USER_INPUT naming the step and the field (`playbook.steps[2].operation`).
 */
export function checkPlaybookInput(
  apiSchema: GraphQLSchema,
  field: string,
  playbook: Record<string, unknown>,
  defaults: Record<string, unknown> = {},
): JsonObject {
  try {
    const parsed = validatePlaybook(playbook, apiSchema);
    for (const [name, value] of Object.entries(defaults)) {
      const declaration = parsed.inputs[name];
      if (!declaration) {
        throw new PlaybookError(`"${name}" is not an input of the playbook`, {
          field: `defaultInputs.${name}`,
        });
      }
      checkInputValue(declaration.parsedType, value, `defaultInputs.${name}`);
    }
    return playbook as JsonObject;
  } catch (error) {
    if (error instanceof PlaybookError) {
      const path = error.field
        ? error.field.startsWith("defaultInputs")
          ? error.field
          : `${field}.${error.field}`
        : field;
      throw new BadUserInputError(path, reasonOf(error));
    }
    throw error;
  }
}
