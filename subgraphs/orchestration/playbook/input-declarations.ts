import { childField } from "./playbook.errors.js";
import {
  describeJson,
  isPlainObject,
  objectWithKeys,
  plainFail,
  toJsonValue,
} from "./json-value.js";
import { checkInputValue, parseInputType } from "./inputs.js";
import {
  INPUT_BASE_TYPES,
  NAME_PATTERN,
  PLAYBOOK_LIMITS as LIMITS,
  type InputDeclaration,
} from "./playbook.types.js";

function parseInputDeclaration(value: unknown, field: string): InputDeclaration {
  const raw = objectWithKeys(
    value,
    field,
    ["type", "required", "default", "description"],
    plainFail,
  );
  const typeField = childField(field, "type");
  const parsedType = typeof raw.type === "string" ? parseInputType(raw.type) : null;
  if (typeof raw.type !== "string" || parsedType === null) {
    throw plainFail(
      typeField,
      `unsupported input type ${JSON.stringify(raw.type)}; use ${INPUT_BASE_TYPES.join(", ")} or a list of one, such as [String]`,
    );
  }
  if (raw.required !== undefined && typeof raw.required !== "boolean") {
    throw plainFail(childField(field, "required"), "must be true or false");
  }
  if (raw.description !== undefined && typeof raw.description !== "string") {
    throw plainFail(childField(field, "description"), "must be a string");
  }
  const declaration: InputDeclaration = {
    type: raw.type,
    parsedType,
    required: raw.required === true,
    ...(raw.description === undefined ? {} : { description: raw.description }),
  };
  if (raw.default !== undefined) {
    const defaultField = childField(field, "default");
    if (declaration.required) {
      throw plainFail(defaultField, "a required input cannot have a default");
    }
    declaration.default = checkInputValue(
      parsedType,
      toJsonValue(raw.default, defaultField),
      defaultField,
    );
  }
  return declaration;
}

/**
 * A playbook's `inputs`: `{ "<name>": { "type": "[Recipient]", "required": true,
 * "default": …, "description": "…" } }`, every key but `type` optional.
 */
export function parseInputDeclarations(value: unknown): Record<string, InputDeclaration> {
  if (value === undefined) {
    return {};
  }
  if (!isPlainObject(value)) {
    throw plainFail(
      "inputs",
      `expected an object of input declarations, got ${describeJson(value)}`,
    );
  }
  const raw = value;
  const names = Object.keys(raw);
  if (names.length > LIMITS.maxInputs) {
    throw plainFail("inputs", `at most ${LIMITS.maxInputs} inputs, got ${names.length}`);
  }
  const inputs: Record<string, InputDeclaration> = {};
  for (const name of names) {
    const field = childField("inputs", name);
    if (!NAME_PATTERN.test(name)) {
      throw plainFail(field, `input name "${name}" must match ${NAME_PATTERN.source}`);
    }
    inputs[name] = parseInputDeclaration(raw[name], field);
  }
  return inputs;
}
