import { isRecord, num, rec, records, str, strings } from "../kit/json.js";

/**
 * Readers of Gmail's raw JSON (https://developers.google.com/workspace/gmail/api/reference/rest),
 * on the kit's JSON readers. Each returns undefined when the shape is not what Gmail documents;
 * the client decides what that means (`expectBody`). An empty string counts as absent: Gmail omits
 * a field rather than sending it empty. Google's error format is the family's
 * (`families/google/google.errors.ts`).
 */

/** `users.getProfile`: `{emailAddress, messagesTotal, threadsTotal, historyId}`. */
export interface GmailProfile {
  emailAddress: string;
  messagesTotal?: number;
  threadsTotal?: number;
  historyId?: string;
}

export function parseProfile(body: unknown): GmailProfile | undefined {
  const emailAddress = isRecord(body) ? str(body, "emailAddress") : undefined;
  if (!isRecord(body) || !emailAddress) {
    return undefined;
  }
  const messagesTotal = num(body, "messagesTotal");
  const threadsTotal = num(body, "threadsTotal");
  const historyId = str(body, "historyId");
  return {
    emailAddress,
    ...(messagesTotal !== undefined ? { messagesTotal } : {}),
    ...(threadsTotal !== undefined ? { threadsTotal } : {}),
    ...(historyId ? { historyId } : {}),
  };
}

/** A message reference: `users.messages.send` answers, and each entry of a list. */
export interface GmailMessageRef {
  id: string;
  threadId?: string;
  labelIds?: string[];
}

export function parseMessageRef(body: unknown): GmailMessageRef | undefined {
  const id = isRecord(body) ? str(body, "id") : undefined;
  if (!isRecord(body) || !id) {
    return undefined;
  }
  const threadId = str(body, "threadId");
  return {
    id,
    ...(threadId ? { threadId } : {}),
    ...(Array.isArray(body.labelIds) ? { labelIds: strings(body.labelIds) } : {}),
  };
}

/** `users.messages.list`: `{messages?, nextPageToken?, resultSizeEstimate}`; no matches omit `messages`. */
export interface GmailMessagePage {
  messages: GmailMessageRef[];
  nextPageToken?: string;
  resultSizeEstimate?: number;
}

export function parseMessagePage(body: unknown): GmailMessagePage | undefined {
  if (!isRecord(body) || (body.messages !== undefined && !Array.isArray(body.messages))) {
    return undefined;
  }
  const entries: unknown[] = Array.isArray(body.messages) ? body.messages : [];
  const messages = entries.flatMap(entry => parseMessageRef(entry) ?? []);
  if (messages.length !== entries.length) {
    return undefined;
  }
  const nextPageToken = str(body, "nextPageToken");
  const resultSizeEstimate = num(body, "resultSizeEstimate");
  return {
    messages,
    ...(nextPageToken ? { nextPageToken } : {}),
    ...(resultSizeEstimate !== undefined ? { resultSizeEstimate } : {}),
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
  const headers = records(rec(body, "payload")?.headers).flatMap(header => {
    const name = str(header, "name");
    const value = str(header, "value");
    return name !== undefined && value !== undefined ? [{ name, value }] : [];
  });
  return { ...ref, headers };
}
