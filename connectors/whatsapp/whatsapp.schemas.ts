/**
 * Typed readers for the raw JSON the WhatsApp Cloud API (Graph) sends: API answers, Graph error
 * bodies and webhook payloads. Each returns a narrow typed value or undefined; nothing is cast.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(record: JsonRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" ? value : undefined;
}

export function num(record: JsonRecord, key: string): number | undefined {
  const value = record[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function records(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The Graph error object: `{error:{message, type, code, error_subcode, is_transient, fbtrace_id}}`. */
export interface GraphError {
  code: number;
  subcode?: number;
  type?: string;
  isTransient: boolean;
  fbtraceId?: string;
}

export function parseGraphError(body: unknown): GraphError | undefined {
  const error = isRecord(body) ? body.error : undefined;
  if (!isRecord(error)) {
    return undefined;
  }
  // Graph sends codes as numbers; some relays (and old versions) send numeric strings.
  const rawCode = error.code;
  const code = typeof rawCode === "string" && /^\d+$/.test(rawCode) ? Number(rawCode) : rawCode;
  if (typeof code !== "number") {
    return undefined;
  }
  return {
    code,
    subcode: num(error, "error_subcode"),
    type: str(error, "type"),
    isTransient: error.is_transient === true,
    fbtraceId: str(error, "fbtrace_id"),
  };
}

/** `GET /{phone-number-id}?fields=display_phone_number,verified_name,quality_rating`. */
export interface PhoneNumberNode {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating?: string;
}

export function parsePhoneNumberNode(body: unknown): PhoneNumberNode | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const id = str(body, "id");
  const displayPhoneNumber = str(body, "display_phone_number");
  const verifiedName = str(body, "verified_name");
  if (!id || !displayPhoneNumber || verifiedName === undefined) {
    return undefined;
  }
  return { id, displayPhoneNumber, verifiedName, qualityRating: str(body, "quality_rating") };
}

/** `POST /{phone-number-id}/messages` → `{messaging_product, contacts:[…], messages:[{id}]}`. */
export function parseSentMessageId(body: unknown): string | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const [first] = records(body.messages);
  return first ? str(first, "id") : undefined;
}

/** `POST /{waba-id}/subscribed_apps` → `{success:true}`. */
export function parseSuccess(body: unknown): boolean {
  return isRecord(body) && body.success === true;
}

/** `X-Business-Use-Case-Usage`: `{"<id>":[{type, call_count, …, estimated_time_to_regain_access}]}`. */
export function regainAccessMinutes(header: string | null): number | undefined {
  if (!header) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) {
    return undefined;
  }
  const minutes = Object.values(parsed)
    .flatMap(records)
    .map(usage => num(usage, "estimated_time_to_regain_access"))
    .filter((value): value is number => value !== undefined && value > 0);
  return minutes.length > 0 ? Math.max(...minutes) : undefined;
}
