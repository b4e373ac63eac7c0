import { domainToASCII } from "node:url";
import { ConnectorError } from "../kit/connector-error.js";

/**
 * The MIME encodings the mapper builds Gmail's `raw` message with (RFC 5322, 2045, 2047): CRLF line
 * endings, ASCII headers (RFC 2047 encoded-words for anything else, folding near 78 characters),
 * one plain address per header with the domain in its ASCII form, and UTF-8 bodies in
 * quoted-printable or base64. Anything that would start a new header is refused.
 */
export const CRLF = "\r\n";
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function refuse(message: string): never {
  throw new ConnectorError("INVALID_REQUEST", `gmail: ${message}`, { provider: "gmail" });
}

/** CR, LF or NUL in a header value would start a new header (header injection). */
export function headerValue(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) {
    refuse(`the ${name} header may not contain line breaks`);
  }
  return value;
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

/** One text/plain or text/html body part: its headers and encoded body. */
export function textPart(type: "plain" | "html", content: string) {
  const { encoding, body } = encodeBody(content);
  return {
    headers: [
      `Content-Type: text/${type}; charset="UTF-8"`,
      `Content-Transfer-Encoding: ${encoding}`,
    ],
    body,
  };
}
