/**
 * The one way connectors and sandboxes read a provider's raw JSON: small readers that return
 * undefined when a value does not have the shape relied on, so nothing is ever cast. A
 * `<p>.schemas.ts` builds its parsers from these.
 */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field (an empty string counts: providers send them). */
export function str(record: JsonRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" ? value : undefined;
}

/** A finite number field. */
export function num(record: JsonRecord, key: string): number | undefined {
  const value = record[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A whole number, sent as a number or as a string of digits (providers do both). */
export function int(record: JsonRecord, key: string): number | undefined {
  const value = record[key];
  if (typeof value === "number" && Number.isInteger(value)) {
    return value;
  }
  return typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

export function bool(record: JsonRecord, key: string): boolean | undefined {
  const value = record[key];
  return typeof value === "boolean" ? value : undefined;
}

/** A nested object field. */
export function rec(record: JsonRecord, key: string): JsonRecord | undefined {
  const value = record[key];
  return isRecord(value) ? value : undefined;
}

/** The objects of an array field (or of an array value); anything else in it is skipped. */
export function records(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The strings of an array value; anything else in it is skipped. */
export function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

/** A date field: ISO 8601 or RFC 2822 text, or seconds since the epoch. */
export function date(record: JsonRecord, key: string): Date | undefined {
  const value = record[key];
  const at =
    typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? undefined : new Date(at);
}

/** JSON text parsed, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
