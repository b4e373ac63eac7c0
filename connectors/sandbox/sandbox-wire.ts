import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxReply, SandboxRequest } from "./sandbox.js";

/** Writes a sandbox reply: objects as JSON (with a JSON content type unless one is set). */
export function write(res: ServerResponse, reply: SandboxReply) {
  const headers = { ...reply.headers };
  let body: string | Buffer | undefined;
  if (reply.body === undefined || reply.body === null) {
    body = undefined;
  } else if (typeof reply.body === "string" || Buffer.isBuffer(reply.body)) {
    body = reply.body;
  } else {
    body = JSON.stringify(reply.body);
    if (!Object.keys(headers).some(name => name.toLowerCase() === "content-type")) {
      headers["content-type"] = "application/json; charset=utf-8";
    }
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

export async function readRequest(req: IncomingMessage, path: string): Promise<SandboxRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  const url = new URL(req.url ?? "/", "http://sandbox");
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path,
    query: url.searchParams,
    headers,
    rawBody: Buffer.concat(chunks),
  };
}
