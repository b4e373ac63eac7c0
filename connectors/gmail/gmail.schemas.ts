/**
 * Typed readers for Gmail's raw JSON (https://developers.google.com/workspace/gmail/api/reference/rest).
 * Each returns undefined when the shape is not what Gmail documents; callers decide what that
 * means (a read answered with garbage, or a write whose outcome is unknown).
 */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `users.getProfile`: `{emailAddress, messagesTotal, threadsTotal, historyId}`. */
export interface GmailProfile {
  emailAddress: string;
  messagesTotal?: number;
  threadsTotal?: number;
  historyId?: string;
}

export function parseProfile(body: unknown): GmailProfile | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const emailAddress = text(body.emailAddress);
  if (!emailAddress) {
    return undefined;
  }
  return {
    emailAddress,
    ...(typeof body.messagesTotal === "number" ? { messagesTotal: body.messagesTotal } : {}),
    ...(typeof body.threadsTotal === "number" ? { threadsTotal: body.threadsTotal } : {}),
    ...(text(body.historyId) ? { historyId: text(body.historyId) } : {}),
  };
}

/** A message reference: `users.messages.send` answers, and each entry of a list. */
export interface GmailMessageRef {
  id: string;
  threadId?: string;
  labelIds?: string[];
}

export function parseMessageRef(body: unknown): GmailMessageRef | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const id = text(body.id);
  if (!id) {
    return undefined;
  }
  const labelIds = Array.isArray(body.labelIds)
    ? body.labelIds.filter((label): label is string => typeof label === "string")
    : undefined;
  return {
    id,
    ...(text(body.threadId) ? { threadId: text(body.threadId) } : {}),
    ...(labelIds ? { labelIds } : {}),
  };
}

/** `users.messages.list`: `{messages?, nextPageToken?, resultSizeEstimate}`; no matches omit `messages`. */
export interface GmailMessagePage {
  messages: GmailMessageRef[];
  nextPageToken?: string;
  resultSizeEstimate?: number;
}

export function parseMessagePage(body: unknown): GmailMessagePage | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  if (body.messages !== undefined && !Array.isArray(body.messages)) {
    return undefined;
  }
  const messages: GmailMessageRef[] = [];
  for (const entry of body.messages ?? []) {
    const ref = parseMessageRef(entry);
    if (!ref) {
      return undefined;
    }
    messages.push(ref);
  }
  return {
    messages,
    ...(text(body.nextPageToken) ? { nextPageToken: text(body.nextPageToken) } : {}),
    ...(typeof body.resultSizeEstimate === "number"
      ? { resultSizeEstimate: body.resultSizeEstimate }
      : {}),
  };
}

/** `users.messages.get?format=metadata`: the reference plus the top-level headers. */
export interface GmailMessageMetadata extends GmailMessageRef {
  headers: Array<{ name: string; value: string }>;
}

export function parseMessageMetadata(body: unknown): GmailMessageMetadata | undefined {
  const ref = parseMessageRef(body);
  if (!ref || !isRecord(body)) {
    return undefined;
  }
  const payload = isRecord(body.payload) ? body.payload : {};
  const headers = Array.isArray(payload.headers) ? payload.headers : [];
  return {
    ...ref,
    headers: headers.flatMap(header =>
      isRecord(header) && typeof header.name === "string" && typeof header.value === "string"
        ? [{ name: header.name, value: header.value }]
        : [],
    ),
  };
}

/**
 * Google's JSON error: `{error:{code, message, status, errors:[{message, domain, reason}]}}`.
 * The OAuth token endpoint speaks another dialect (`{error:"invalid_grant"}`); see
 * `isOAuthError`.
 */
export interface GoogleError {
  code?: number;
  status?: string;
  message?: string;
  reasons: string[];
  domains: string[];
}

export function parseGoogleError(body: unknown): GoogleError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) {
    return undefined;
  }
  const error = body.error;
  const entries = (Array.isArray(error.errors) ? error.errors : []).filter(isRecord);
  return {
    ...(typeof error.code === "number" ? { code: error.code } : {}),
    ...(text(error.status) ? { status: text(error.status) } : {}),
    ...(text(error.message) ? { message: text(error.message) } : {}),
    reasons: entries.flatMap(entry => (text(entry.reason) ? [String(entry.reason)] : [])),
    domains: entries.flatMap(entry => (text(entry.domain) ? [String(entry.domain)] : [])),
  };
}

/** An RFC 6749 token-endpoint error (`{error:"invalid_grant", error_description}`). */
export function isOAuthError(body: unknown): boolean {
  return isRecord(body) && typeof body.error === "string";
}
