import type { Grant } from "../sandbox/oauth-authority.js";
import { GMAIL_SCOPES } from "./gmail.oauth.js";
import { gmailErrors } from "./gmail.sandbox-errors.js";
import { bodiesOf, parseMime, type MimePart } from "./gmail.sandbox-mime.js";
import {
  matchesQuery,
  type GmailHandler,
  type GmailSandboxContext,
  type MailboxMessage,
} from "./gmail.sandbox-state.js";

/**
 * users.getProfile, users.messages.list and users.messages.get as Gmail answers them, and the
 * Message resource (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#Message)
 * in its four formats: minimal (ids, labels, snippet, sizes), metadata (plus top-level headers,
 * filtered by `metadataHeaders`), full (the MIME tree, bodies base64url) and raw. Lists are newest
 * first, paged by opaque page tokens; gmail.metadata may neither search nor read bodies. Mail
 * from outside (a reply, an "unsubscribe" answer) lands in the inbox through `receiveEmail`.
 */
interface MessagePart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: Array<{ name: string; value: string }>;
  body: { size: number; data?: string };
  parts?: MessagePart[];
}

const { full, modify, readonly } = GMAIL_SCOPES;

/** gmail.metadata reads headers and labels only: no search, no bodies (wording unverified). */
function readsContent(grant: Grant): boolean {
  return grant.scopes.some(scope => scope === full || scope === modify || scope === readonly);
}

function partOf(part: MimePart, partId: string): MessagePart {
  const leaf = part.parts.length === 0;
  return {
    partId,
    mimeType: part.mimeType,
    filename: part.params.name ?? "",
    headers: part.headers,
    body: leaf ? { size: part.body.length, data: part.body.toString("base64url") } : { size: 0 },
    ...(leaf
      ? {}
      : {
          parts: part.parts.map((child, i) => partOf(child, partId ? `${partId}.${i}` : String(i))),
        }),
  };
}

function snippetOf(message: MailboxMessage): string {
  const { text, html } = bodiesOf(message.mime);
  const plain = text ?? (html ?? "").replace(/<[^>]*>/g, " ");
  return plain.replace(/\s+/g, " ").trim().slice(0, 200);
}

export function messageResource(
  message: MailboxMessage,
  format: string,
  metadataHeaders: string[] = [],
): Record<string, unknown> {
  const minimal = {
    id: message.id,
    threadId: message.threadId,
    labelIds: message.labelIds,
    snippet: snippetOf(message),
    sizeEstimate: message.raw.length,
    historyId: String(message.historyId),
    internalDate: String(message.internalDate),
  };
  if (format === "minimal") {
    return minimal;
  }
  if (format === "raw") {
    return { ...minimal, raw: message.raw.toString("base64url") };
  }
  if (format === "metadata") {
    const wanted = metadataHeaders.map(name => name.toLowerCase());
    const headers = message.mime.headers.filter(
      header => wanted.length === 0 || wanted.includes(header.name.toLowerCase()),
    );
    return {
      ...minimal,
      payload: { partId: "", mimeType: message.mime.mimeType, filename: "", headers },
    };
  }
  return { ...minimal, payload: partOf(message.mime, "") };
}

export const getProfile: GmailHandler = ({ state, env }, { principal: { account } }) => {
  const messages = state.visible(account, env.now().getTime());
  return {
    status: 200,
    body: {
      emailAddress: account.emailAddress,
      messagesTotal: messages.length,
      threadsTotal: new Set(messages.map(m => m.threadId)).size,
      historyId: String(account.historyId),
    },
  };
};

export const listMessages: GmailHandler = ({ state, env }, { request, principal }) => {
  const q = request.query.get("q") ?? "";
  if (q && !readsContent(principal.grant)) {
    return gmailErrors.forbidden("Metadata scope does not support 'q' parameter");
  }
  const rawMax = request.query.get("maxResults");
  if (rawMax !== null && !/^\d+$/.test(rawMax)) {
    return gmailErrors.invalidArgument(`Invalid value at 'max_results' (TYPE_UINT32), "${rawMax}"`);
  }
  const max = Math.min(500, Number(rawMax) || 100);
  const pageToken = request.query.get("pageToken");
  const offset = pageToken ? state.readPageToken(pageToken) : 0;
  if (offset === undefined) {
    return gmailErrors.invalidArgument("Invalid pageToken");
  }
  const labels = request.query.getAll("labelIds").map(label => label.toUpperCase());
  const matching = state
    .visible(principal.account, env.now().getTime())
    .filter(m => labels.every(label => m.labelIds.includes(label)))
    .filter(m => matchesQuery(m, q));
  const page = matching.slice(offset, offset + max);
  const next = offset + max < matching.length ? state.pageToken(offset + max) : undefined;
  return {
    status: 200,
    body: {
      ...(page.length ? { messages: page.map(m => ({ id: m.id, threadId: m.threadId })) } : {}),
      ...(next ? { nextPageToken: next } : {}),
      resultSizeEstimate: matching.length,
    },
  };
};

export const getMessage: GmailHandler = ({ state, env }, { request, params, principal }) => {
  const id = params.id ?? "";
  if (!/^[0-9a-f]{1,32}$/i.test(id)) {
    return gmailErrors.invalidArgument("Invalid id value");
  }
  const message = state
    .visible(principal.account, env.now().getTime())
    .find(candidate => candidate.id === id);
  if (!message) {
    return gmailErrors.notFound();
  }
  const format = (request.query.get("format") ?? "full").toLowerCase();
  if (!["full", "metadata", "minimal", "raw"].includes(format)) {
    return gmailErrors.invalidArgument(`Invalid value at 'format', "${format}"`);
  }
  if (!readsContent(principal.grant) && (format === "full" || format === "raw")) {
    return gmailErrors.forbidden(`Metadata scope doesn't allow format ${format.toUpperCase()}`);
  }
  const only = request.query.getAll("metadataHeaders");
  return { status: 200, body: messageResource(message, format, only) };
};

/** An email from outside lands in the account's inbox at once. */
export function receiveEmail(
  { state, env }: GmailSandboxContext,
  email: { to: string; from: string; subject: string; text: string },
): MailboxMessage {
  const raw = Buffer.from(
    [
      `From: ${email.from}`,
      `To: ${email.to}`,
      `Subject: ${email.subject}`,
      `Date: ${env.now().toUTCString()}`,
      `Message-ID: <${state.newId()}@sandbox.example>`,
      'Content-Type: text/plain; charset="UTF-8"',
      "",
      email.text,
    ].join("\r\n"),
    "utf8",
  );
  const at = env.now().getTime();
  return state.store(state.account(email.to), {
    labelIds: ["INBOX", "UNREAD"],
    internalDate: at,
    raw,
    mime: parseMime(raw),
    visibleAt: at,
  });
}
