/**
 * The Gmail sandbox's reading of an RFC 5322 message, as Gmail reads a `raw` upload: unfolded
 * headers, RFC 2047 encoded-words, nested multiparts, and base64 or quoted-printable bodies.
 * Bare LF line endings are tolerated (Gmail accepts them too).
 */
export interface MimeHeader {
  name: string;
  value: string;
}

export interface MimePart {
  headers: MimeHeader[];
  /** Lower-case `type/subtype`; text/plain when absent. */
  mimeType: string;
  params: Record<string, string>;
  /** The body after its transfer encoding is undone (leaves only). */
  body: Buffer;
  parts: MimePart[];
}

export function headerOf(headers: MimeHeader[], name: string): string | undefined {
  return headers.find(header => header.name.toLowerCase() === name.toLowerCase())?.value;
}

function splitHeaderBody(text: string): [string, string] {
  const match = /\r?\n\r?\n/.exec(text);
  return match
    ? [text.slice(0, match.index), text.slice(match.index + match[0].length)]
    : [text, ""];
}

function parseHeaders(block: string): MimeHeader[] {
  return block
    .replace(/\r?\n(?=[ \t])/g, "")
    .split(/\r?\n/)
    .flatMap(line => {
      const colon = line.indexOf(":");
      return colon > 0
        ? [{ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() }]
        : [];
    });
}

function parseContentType(value: string | undefined): {
  type: string;
  params: Record<string, string>;
} {
  const [type = "", ...rest] = (value ?? "text/plain").split(";");
  const params: Record<string, string> = {};
  for (const match of rest.join(";").matchAll(/([^=\s;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
    const raw = (match[2] ?? "").trim();
    params[(match[1] ?? "").toLowerCase()] = raw.startsWith('"')
      ? raw.slice(1, -1).replace(/\\(.)/g, "$1")
      : raw;
  }
  return { type: type.trim().toLowerCase() || "text/plain", params };
}

function decodeQuotedPrintable(body: string): Buffer {
  const joined = body.replace(/=\r?\n/g, "");
  return Buffer.from(
    joined.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    ),
    "latin1",
  );
}

function decodeTransfer(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? "").toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64");
    case "quoted-printable":
      return decodeQuotedPrintable(body);
    default:
      return Buffer.from(body, "latin1");
  }
}

function splitMultipart(body: string, boundary: string): string[] {
  const lines = body.split(/\r?\n/);
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    const closing = trimmed === `--${boundary}--`;
    if (closing || trimmed === `--${boundary}`) {
      if (current) {
        parts.push(current.join("\r\n"));
      }
      if (closing) {
        break;
      }
      current = [];
    } else if (current) {
      current.push(line);
    }
  }
  return parts;
}

/** Parses a message given as bytes (each byte kept as one latin1 character until decoded). */
export function parseMime(raw: Buffer | string): MimePart {
  const text = typeof raw === "string" ? raw : raw.toString("latin1");
  const [block, body] = splitHeaderBody(text);
  // Headers are ASCII, or UTF-8 (RFC 6532), which Gmail accepts as well.
  const headers = parseHeaders(Buffer.from(block, "latin1").toString("utf8"));
  const { type, params } = parseContentType(headerOf(headers, "content-type"));
  if (type.startsWith("multipart/") && params.boundary) {
    const parts = splitMultipart(body, params.boundary).map(parseMime);
    return { headers, mimeType: type, params, body: Buffer.alloc(0), parts };
  }
  const decoded = decodeTransfer(body, headerOf(headers, "content-transfer-encoding"));
  return { headers, mimeType: type, params, body: decoded, parts: [] };
}

export function decodeText(body: Buffer, charset = "utf-8"): string {
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

/** RFC 2047: `=?charset?B|Q?text?=` words, whitespace between adjacent words dropped. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, "$1")
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_, charset: string, kind: string, data: string) => {
        const bytes =
          kind.toUpperCase() === "B"
            ? Buffer.from(data, "base64")
            : decodeQuotedPrintable(data.replace(/_/g, " "));
        return decodeText(bytes, charset);
      },
    );
}

/** The first text/plain and text/html bodies that are not attachments. */
export function bodiesOf(root: MimePart): { text?: string; html?: string } {
  const found: { text?: string; html?: string } = {};
  const visit = (part: MimePart) => {
    if (part.parts.length > 0) {
      part.parts.forEach(visit);
      return;
    }
    if (/attachment/i.test(headerOf(part.headers, "content-disposition") ?? "")) {
      return;
    }
    const key =
      part.mimeType === "text/plain" ? "text" : part.mimeType === "text/html" ? "html" : undefined;
    if (key && found[key] === undefined) {
      found[key] = decodeText(part.body, part.params.charset);
    }
  };
  visit(root);
  return found;
}

/** The addresses of an address-list header, or undefined when one of them is not an address. */
export function parseAddressList(value: string): string[] | undefined {
  const entries = value.match(/(?:"(?:[^"\\]|\\.)*"|<[^>]*>|[^,])+/g) ?? [];
  const addresses: string[] = [];
  for (const entry of entries.map(e => e.trim()).filter(Boolean)) {
    const address = (/<([^>]*)>\s*$/.exec(entry)?.[1] ?? entry).trim();
    if (!/^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+$/.test(address)) {
      return undefined;
    }
    addresses.push(address.toLowerCase());
  }
  return addresses;
}
