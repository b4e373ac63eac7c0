import { PlaybookError, childField } from "./playbook.errors.js";
import { describeJson, isPlainObject, toJsonValue } from "./json-value.js";
import {
  INPUT_BASE_TYPES,
  type InputBaseType,
  type InputType,
  type JsonObject,
  type JsonValue,
  type Playbook,
} from "./playbook.types.js";

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function isBaseType(name: string): name is InputBaseType {
  return INPUT_BASE_TYPES.includes(name);
}

/** Parses `String`, `[Recipient]` …; null when the text is not a supported input type. */
export function parseInputType(text: string): InputType | null {
  const match = /^\s*(\[)?\s*([A-Za-z]+)\s*(\])?\s*$/.exec(text);
  if (!match || Boolean(match[1]) !== Boolean(match[3])) {
    return null;
  }
  const base = match[2] ?? "";
  return isBaseType(base) ? { base, list: Boolean(match[1]) } : null;
}

/** The type as written in a playbook, such as `[Recipient]`. */
export function formatInputType(type: InputType): string {
  return type.list ? `[${type.base}]` : type.base;
}

function mismatch(field: string, expected: string, value: unknown): PlaybookError {
  return new PlaybookError(`${field}: expected ${expected}, got ${describeJson(value)}`, {
    field,
  });
}

function checkBaseValue(base: InputBaseType, value: unknown, field: string): JsonValue {
  switch (base) {
    case "String":
      if (typeof value !== "string") {
        throw mismatch(field, "a String", value);
      }
      return value;
    case "ID":
      if (typeof value !== "string" && !Number.isSafeInteger(value)) {
        throw mismatch(field, "an ID (a string or an integer)", value);
      }
      return String(value);
    case "Int":
      if (
        typeof value !== "number" ||
        !Number.isInteger(value) ||
        value < INT_MIN ||
        value > INT_MAX
      ) {
        throw mismatch(field, "an Int (a 32-bit integer)", value);
      }
      return value;
    case "Float":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw mismatch(field, "a Float", value);
      }
      return value;
    case "Boolean":
      if (typeof value !== "boolean") {
        throw mismatch(field, "a Boolean", value);
      }
      return value;
    case "Recipient":
      return checkRecipient(value, field);
    case "JSON":
      return toJsonValue(value, field);
  }
}

function checkRecipient(value: unknown, field: string): JsonObject {
  if (!isPlainObject(value)) {
    throw mismatch(field, "a Recipient (an object of strings)", value);
  }
  const recipient: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== "string" || key === "__proto__") {
      throw mismatch(childField(field, key), "a string", item);
    }
    Object.defineProperty(recipient, key, { value: item, enumerable: true, writable: true });
  }
  return recipient;
}

/**
 * Checks one non-null value against an input type and returns it normalized (IDs as strings,
 * own-property copies). Lists never hold null.
 */
export function checkInputValue(type: InputType, value: unknown, field: string): JsonValue {
  if (value === null || value === undefined) {
    throw new PlaybookError(`${field}: must not be null`, { field });
  }
  if (!type.list) {
    return checkBaseValue(type.base, value, field);
  }
  if (!Array.isArray(value)) {
    throw mismatch(field, `a list of ${type.base}`, value);
  }
  return value.map((item: unknown, index) => {
    const itemField = childField(field, index);
    if (item === null || item === undefined) {
      throw new PlaybookError(`${itemField}: list items must not be null`, { field: itemField });
    }
    return checkBaseValue(type.base, item, itemField);
  });
}

/**
 * Start-time check of an execution's inputs: every provided input is declared and has its type,
 * every required one is present, and declared defaults fill the rest. Returns the inputs the
 * templates will see (an optional input without default and not provided is absent, and a
 * template reading it fails at run time naming the path).
 */
export function checkInputs(playbook: Playbook, inputs: unknown): JsonObject {
  const provided = inputs === undefined || inputs === null ? {} : inputs;
  if (!isPlainObject(provided)) {
    throw new PlaybookError(`inputs: expected an object, got ${describeJson(provided)}`, {
      field: "inputs",
    });
  }
  for (const name of Object.keys(provided)) {
    if (!Object.hasOwn(playbook.inputs, name)) {
      const field = childField("inputs", name);
      throw new PlaybookError(`${field}: the playbook declares no input "${name}"`, { field });
    }
  }
  const checked: JsonObject = {};
  for (const [name, declaration] of Object.entries(playbook.inputs)) {
    const field = childField("inputs", name);
    const value = Object.hasOwn(provided, name) ? provided[name] : undefined;
    if (value === undefined || value === null) {
      if (declaration.required) {
        throw new PlaybookError(`${field}: required input "${name}" is missing`, { field });
      }
      if (declaration.default !== undefined) {
        checked[name] = declaration.default;
      }
      continue;
    }
    checked[name] = checkInputValue(declaration.parsedType, value, field);
  }
  return checked;
}
