import { bodiesOf, type MimePart } from "./gmail.sandbox-mime.js";
import type { MailboxMessage } from "./gmail.sandbox-state.js";

/**
 * The Message resource of `users.messages.get`
 * (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#Message)
 * in its four formats: minimal (ids, labels, snippet, sizes), metadata (plus top-level headers,
 * filtered by `metadataHeaders`), full (the MIME tree, bodies base64url) and raw.
 */
interface MessagePart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: Array<{ name: string; value: string }>;
  body: { size: number; data?: string };
  parts?: MessagePart[];
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
