import {
  isInputObjectType,
  isListType,
  isNonNullType,
  isRequiredInputField,
  type GraphQLInputType,
  type GraphQLLeafType,
} from "graphql";
import { aType, childField } from "./playbook.errors.js";
import { parseTemplate, wholeRef } from "./template-syntax.js";
import type { JsonValue } from "./playbook.types.js";

export interface ShapeProblem {
  field: string;
  message: string;
}

/** Scalars a string can never be: a template inside a longer string always gives a string. */
const NON_STRING_SCALARS = new Set(["Int", "Float", "Boolean", "SafeInt"]);

function checkLeaf(value: JsonValue, type: GraphQLLeafType, field: string): ShapeProblem | null {
  if (
    typeof value === "string" &&
    parseTemplate(value, field).some(part => typeof part !== "string")
  ) {
    return NON_STRING_SCALARS.has(type.name)
      ? { field, message: `text with templates gives a string, not ${aType(type.name)}` }
      : null;
  }
  try {
    type.parseValue(value);
    return null;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { field, message: `not ${aType(type.name)}: ${detail}` };
  }
}

/**
 * The cheap save-time check of a variable's literal value against its GraphQL input type:
 * null only where nullable; lists item by item (a single value stands for a list of one, as in
 * GraphQL); input objects have no unknown field and every required field (non-null, no
 * default); enum values exist; built-in scalars parse (String, Int, Float, Boolean, ID).
 * A string that is exactly one template is not checked (its type is known at run time); text
 * with templates must go where a string may. Custom scalars (DateTimeISO, SafeInt …) are parsed
 * by the API schema's default, which accepts any value.
 */
export function checkLiteralShape(
  value: JsonValue,
  type: GraphQLInputType,
  field: string,
): ShapeProblem | null {
  if (typeof value === "string" && wholeRef(parseTemplate(value, field))) {
    return null;
  }
  if (isNonNullType(type)) {
    return value === null
      ? { field, message: `must not be null (${type.toString()})` }
      : checkLiteralShape(value, type.ofType, field);
  }
  if (value === null) {
    return null;
  }
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      const itemField = Array.isArray(value) ? childField(field, index) : field;
      const problem = checkLiteralShape(item, type.ofType, itemField);
      if (problem) {
        return problem;
      }
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== "object" || Array.isArray(value)) {
      return { field, message: `expected an object of type ${type.name}` };
    }
    const fields = type.getFields();
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) {
        return { field: childField(field, key), message: `${type.name} has no field "${key}"` };
      }
    }
    for (const inputField of Object.values(fields)) {
      const fieldPath = childField(field, inputField.name);
      if (!Object.hasOwn(value, inputField.name)) {
        if (isRequiredInputField(inputField)) {
          return {
            field: fieldPath,
            message: `required field ${type.name}.${inputField.name} (${inputField.type.toString()}) is missing`,
          };
        }
        continue;
      }
      const problem = checkLiteralShape(value[inputField.name] ?? null, inputField.type, fieldPath);
      if (problem) {
        return problem;
      }
    }
    return null;
  }
  return checkLeaf(value, type, field);
}
