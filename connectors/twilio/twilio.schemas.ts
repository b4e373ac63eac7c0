/**
 * Typed readers for Twilio's raw JSON (2010-04-01 API, `.json` suffix). Each returns undefined
 * when the value does not have the shape the connector relies on; nothing is cast.
 * Field names follow connectors/specs/twilio_api_v2010.json (components.schemas.api.v2010.*).
 */
type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(object: Json, key: string): string | undefined {
  const value = object[key];
  return typeof value === "string" ? value : undefined;
}

function nullableText(object: Json, key: string): string | null {
  return text(object, key) ?? null;
}

/** Twilio sends some numbers as numbers (`error_code`) and some as strings (`num_segments`). */
function integer(object: Json, key: string): number | null {
  const value = object[key];
  if (typeof value === "number" && Number.isInteger(value)) {
    return value;
  }
  if (typeof value === "string" && /^\d+$/.test(value)) {
    return Number(value);
  }
  return null;
}

/** Twilio dates are RFC 2822 in GMT: "Fri, 24 May 2019 17:44:46 +0000". */
function date(object: Json, key: string): Date | undefined {
  const value = text(object, key);
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : new Date(at);
}

/** Twilio's error body: `{code, message, more_info, status, details?}`. */
export interface TwilioApiError {
  code?: number;
  message?: string;
  moreInfo?: string;
  status?: number;
}

export function parseTwilioError(body: unknown): TwilioApiError | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const code = integer(body, "code");
  const status = integer(body, "status");
  const message = text(body, "message");
  const moreInfo = text(body, "more_info");
  if (code === null && status === null && message === undefined) {
    return undefined;
  }
  return {
    ...(code !== null ? { code } : {}),
    ...(status !== null ? { status } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(moreInfo !== undefined ? { moreInfo } : {}),
  };
}

export interface TwilioAccount {
  sid: string;
  friendlyName: string;
  /** "active", "suspended" or "closed". */
  status: string;
}

export function parseAccount(body: unknown): TwilioAccount | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const sid = text(body, "sid");
  const status = text(body, "status");
  if (!sid || !status) {
    return undefined;
  }
  return { sid, status, friendlyName: text(body, "friendly_name") ?? sid };
}

export interface TwilioPhoneNumber {
  sid: string;
  phoneNumber: string;
  smsUrl: string | null;
  smsMethod: string | null;
}

export function parsePhoneNumber(body: unknown): TwilioPhoneNumber | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const sid = text(body, "sid");
  const phoneNumber = text(body, "phone_number");
  if (!sid || !phoneNumber) {
    return undefined;
  }
  return {
    sid,
    phoneNumber,
    smsUrl: nullableText(body, "sms_url"),
    smsMethod: nullableText(body, "sms_method"),
  };
}

export interface TwilioMessage {
  /** `^(SM|MM)[0-9a-f]{32}$`. */
  sid: string;
  to: string;
  from: string | null;
  body: string;
  status: string;
  direction: string;
  dateCreated?: Date;
  dateSent?: Date;
  errorCode: number | null;
}

export function parseMessage(body: unknown): TwilioMessage | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const sid = text(body, "sid");
  const to = text(body, "to");
  const status = text(body, "status");
  if (!sid || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(sid) || to === undefined || !status) {
    return undefined;
  }
  const dateCreated = date(body, "date_created");
  const dateSent = date(body, "date_sent");
  return {
    sid,
    to,
    status,
    from: nullableText(body, "from"),
    body: text(body, "body") ?? "",
    direction: text(body, "direction") ?? "",
    errorCode: integer(body, "error_code"),
    ...(dateCreated ? { dateCreated } : {}),
    ...(dateSent ? { dateSent } : {}),
  };
}

/** One page of a Twilio list: the items under `key`, and the relative link to the next page. */
export interface TwilioPage<T> {
  items: T[];
  nextPageUri: string | null;
  page: number;
  pageSize: number;
}

export function parsePage<T>(
  body: unknown,
  key: string,
  parseItem: (item: unknown) => T | undefined,
): TwilioPage<T> | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const raw = body[key];
  if (!Array.isArray(raw)) {
    return undefined;
  }
  const items: T[] = [];
  for (const entry of raw) {
    const item = parseItem(entry);
    if (item === undefined) {
      return undefined;
    }
    items.push(item);
  }
  return {
    items,
    nextPageUri: nullableText(body, "next_page_uri"),
    page: integer(body, "page") ?? 0,
    pageSize: integer(body, "page_size") ?? items.length,
  };
}
