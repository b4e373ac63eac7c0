import { date, int, isRecord, str } from "../kit/json.js";

/**
 * Typed readers for Twilio's raw JSON (2010-04-01 API, `.json` suffix), on kit/json.ts. Each
 * returns undefined when the value does not have the shape the connector relies on; nothing is
 * cast. Field names follow connectors/specs/twilio_api_v2010.json (components.schemas.api.v2010.*).
 * Twilio sends some numbers as numbers (`error_code`) and some as strings (`num_segments`), and
 * its dates as RFC 2822 in GMT ("Fri, 24 May 2019 17:44:46 +0000"): `int` and `date` read both.
 */

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
  const code = int(body, "code");
  const status = int(body, "status");
  const message = str(body, "message");
  const moreInfo = str(body, "more_info");
  if (code === undefined && status === undefined && message === undefined) {
    return undefined;
  }
  return {
    ...(code !== undefined ? { code } : {}),
    ...(status !== undefined ? { status } : {}),
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
  const sid = str(body, "sid");
  const status = str(body, "status");
  if (!sid || !status) {
    return undefined;
  }
  return { sid, status, friendlyName: str(body, "friendly_name") ?? sid };
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
  const sid = str(body, "sid");
  const phoneNumber = str(body, "phone_number");
  if (!sid || !phoneNumber) {
    return undefined;
  }
  return {
    sid,
    phoneNumber,
    smsUrl: str(body, "sms_url") ?? null,
    smsMethod: str(body, "sms_method") ?? null,
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
  const sid = str(body, "sid");
  const to = str(body, "to");
  const status = str(body, "status");
  if (!sid || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(sid) || to === undefined || !status) {
    return undefined;
  }
  const dateCreated = date(body, "date_created");
  const dateSent = date(body, "date_sent");
  return {
    sid,
    to,
    status,
    from: str(body, "from") ?? null,
    body: str(body, "body") ?? "",
    direction: str(body, "direction") ?? "",
    errorCode: int(body, "error_code") ?? null,
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
  const raw = isRecord(body) ? body[key] : undefined;
  if (!isRecord(body) || !Array.isArray(raw)) {
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
    nextPageUri: str(body, "next_page_uri") ?? null,
    page: int(body, "page") ?? 0,
    pageSize: int(body, "page_size") ?? items.length,
  };
}
