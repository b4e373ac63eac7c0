import { randomBytes } from "node:crypto";
import { domainToASCII } from "node:url";
import { ConnectorError } from "../kit/connector-error.js";

/**
 * Builds the RFC 5322 (2822) message Gmail's `users.messages.send` takes as `raw`: CRLF line
 * endings, ASCII headers (RFC 2047 encoded-words for anything else), UTF-8 bodies in
 * quoted-printable or base64, and multipart/alternative when there is HTML.
 */
export interface MimeInput {
  from: string;
  to: string;
  subject?: string;
  text?: string;
  html?: string;
  /** The full Message-ID, angle brackets included. */
  messageId: string;
  date: Date;
}

const CRLF = "\r\n";
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** RFC 5322 `dot-atom-text`: what may stand on each side of a Message-ID's "@". */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

function refuse(message: string): never {
  throw new ConnectorError("INVALID_REQUEST", `gmail: ${message}`, { provider: "gmail" });
}

/** CR, LF or NUL in a header value would start a new header (header injection). */
function headerValue(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) {
    refuse(`the ${name} header may not contain line breaks`);
  }
  return value;
}

/** `<{messageId}@crosscast.mail>`, the id the reconcile search looks for. */
export function gmailMessageId(messageId: string): string {
  if (!DOT_ATOM.test(messageId)) {
    refuse("the message id cannot be used in a Message-ID header");
  }
  return `<${messageId}@crosscast.mail>`;
}

/** One plain address (`user@example.com`); the domain is sent in its ASCII (punycode) form. */
export function mailbox(name: string, address: string): string {
  headerValue(name, address);
  const match = /^([^\s@<>(),;:"[\]\\]+)@([^\s@<>(),;:"[\]\\]+)$/.exec(address.trim());
  const domain = match?.[2] ? domainToASCII(match[2]) : "";
  if (!match?.[1] || !domain || !/^[\x21-\x7e]+$/.test(match[1])) {
    refuse(`${name} must be one email address`);
  }
  return `${match[1]}@${domain}`;
}

export function formatDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ` +
    `${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:` +
    `${two(date.getUTCSeconds())} +0000`
  );
}

/** RFC 2047 B encoded-words of at most 39 bytes each (lines stay under 78), never splitting a character. */
function encodedWords(value: string): string {
  const words: string[] = [];
  let chunk = "";
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > 39) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  words.push(chunk);
  return words
    .map(word => `=?UTF-8?B?${Buffer.from(word, "utf8").toString("base64")}?=`)
    .join(`${CRLF} `);
}

/** Printable ASCII folded before spaces to keep lines near 78; otherwise encoded-words. */
export function encodeHeaderText(name: string, value: string): string {
  headerValue(name, value);
  if (!/^[\x20-\x7e]*$/.test(value) || value.includes("=?")) {
    return encodedWords(value);
  }
  const lines: string[] = [];
  let line = "";
  for (const token of value.split(/(?= \S)/)) {
    const prefix = lines.length === 0 ? name.length + 2 : 0;
    if (line && prefix + line.length + token.length > 78) {
      lines.push(line);
      line = "";
    }
    line += token;
  }
  lines.push(line);
  const folded = lines.join(CRLF);
  return lines.every(part => part.length + name.length + 2 <= 998) ? folded : encodedWords(value);
}

function quotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  let out = "";
  let current = "";
  bytes.forEach((byte, index) => {
    const last = index === bytes.length - 1;
    const literal =
      (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    const token = literal
      ? String.fromCharCode(byte)
      : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    if (current.length + token.length > 75) {
      out += `${current}=${CRLF}`;
      current = "";
    }
    current += token;
  });
  return out + current;
}

/** Canonical CRLF text, as quoted-printable when mostly ASCII and base64 otherwise. */
export function encodeBody(text: string): { encoding: string; body: string } {
  const canonical = text.replace(/\r\n|\r|\n/g, CRLF);
  const bytes = Buffer.from(canonical, "utf8");
  const nonAscii = bytes.filter(byte => byte > 126).length;
  if (nonAscii * 5 > bytes.length) {
    const base64 = bytes.toString("base64");
    return { encoding: "base64", body: base64.match(/.{1,76}/g)?.join(CRLF) ?? "" };
  }
  return {
    encoding: "quoted-printable",
    body: canonical.split(CRLF).map(quotedPrintableLine).join(CRLF),
  };
}

function part(type: "plain" | "html", content: string): { headers: string[]; body: string } {
  const { encoding, body } = encodeBody(content);
  return {
    headers: [
      `Content-Type: text/${type}; charset="UTF-8"`,
      `Content-Transfer-Encoding: ${encoding}`,
    ],
    body,
  };
}

export function buildMimeMessage(input: MimeInput): string {
  const headers = [
    `From: ${mailbox("From", input.from)}`,
    `To: ${mailbox("To", input.to)}`,
    ...(input.subject !== undefined
      ? [`Subject: ${encodeHeaderText("Subject", input.subject)}`]
      : []),
    `Date: ${formatDate(input.date)}`,
    `Message-ID: ${headerValue("Message-ID", input.messageId)}`,
    "MIME-Version: 1.0",
  ];
  const parts = [
    ...(input.text !== undefined || input.html === undefined
      ? [part("plain", input.text ?? "")]
      : []),
    ...(input.html !== undefined ? [part("html", input.html)] : []),
  ];
  const [only] = parts;
  if (only && parts.length === 1) {
    return [...headers, ...only.headers, "", only.body].join(CRLF);
  }
  let boundary = "";
  do {
    boundary = `crosscast-${randomBytes(12).toString("hex")}`;
  } while (parts.some(p => p.body.includes(boundary)));
  const sections = parts.map(p => [`--${boundary}`, ...p.headers, "", p.body].join(CRLF));
  return [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    ...sections,
    `--${boundary}--`,
    "",
  ].join(CRLF);
}
