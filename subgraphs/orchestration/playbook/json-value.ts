import { PlaybookError, childField } from "./playbook.errors.js";
import { PLAYBOOK_LIMITS, type JsonObject, type JsonValue } from "./playbook.types.js";

/** A plain object (`{}` or from JSON.parse), not an array, class instance or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks that `value` is JSON data (null, boolean, finite number, string, array, plain object),
 * nested at most `maxValueDepth` deep and with no `__proto__` key, and returns it typed.
 */
export function toJsonValue(value: unknown, field: string, depth = 0): JsonValue {
  if (depth > PLAYBOOK_LIMITS.maxValueDepth) {
    throw new PlaybookError(
      `${field}: nested deeper than ${PLAYBOOK_LIMITS.maxValueDepth} levels`,
      { field },
    );
  }
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return value;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new PlaybookError(`${field}: must be a finite number`, { field });
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => toJsonValue(item, childField(field, index), depth + 1));
  }
  if (isPlainObject(value)) {
    return toJsonObject(value, field, depth);
  }
  throw new PlaybookError(`${field}: must be JSON data, not ${typeof value}`, { field });
}

export function toJsonObject(value: Record<string, unknown>, field: string, depth = 0): JsonObject {
  const entries = Object.entries(value).map(([key, item]): [string, JsonValue] => {
    if (key === "__proto__") {
      throw new PlaybookError(`${field}: the key "__proto__" is not allowed`, { field });
    }
    return [key, toJsonValue(item, childField(field, key), depth + 1)];
  });
  // fromEntries defines own data properties, so no key can reach a prototype.
  return Object.fromEntries(entries);
}

/** How a value reads in an error message: its JSON type. */
export function describeJson(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "a list";
  }
  if (typeof value === "object") {
    return "an object";
  }
  return `a ${typeof value}`;
}

/** Reports a problem at `field`; about a step once its id is known. */
export type Fail = (field: string, message: string) => PlaybookError;

export const plainFail: Fail = (field, message) =>
  new PlaybookError(`${field}: ${message}`, { field });

export function objectWithKeys(
  value: unknown,
  field: string,
  allowed: readonly string[],
  fail: Fail,
): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw fail(field, `expected an object, got ${describeJson(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw fail(childField(field, key), `unknown key "${key}"; expected ${allowed.join(", ")}`);
    }
  }
  return value;
}

export function integerIn(
  value: unknown,
  field: string,
  min: number,
  max: number,
  fail: Fail,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw fail(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}
