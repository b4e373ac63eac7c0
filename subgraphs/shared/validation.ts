import { BadUserInputError } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function requireCurrency(field: string, currency: string): string {
  const code = currency.trim().toUpperCase();
  if (!CURRENCIES.has(code) || code !== currency) {
    throw new BadUserInputError(field, `"${currency}" is not an ISO 4217 currency code`);
  }
  return code;
}

export function requireNonNegativeMicros(field: string, micros: number): number {
  if (!Number.isSafeInteger(micros) || micros < 0) {
    throw new BadUserInputError(field, "must be a non-negative whole number of micros");
  }
  return micros;
}

export function requireText(field: string, value: string, max: number): string {
  const text = value.trim();
  if (text === "") {
    throw new BadUserInputError(field, "must not be empty");
  }
  if (text.length > max) {
    throw new BadUserInputError(field, `must be at most ${max} characters`);
  }
  return text;
}
