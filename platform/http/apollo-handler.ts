import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";

const MAX_BODY_BYTES = 1_000_000;

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new BodyError(413, "request body too large");
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(req: IncomingMessage, raw: string): unknown {
  if (req.method !== "POST" || raw === "") {
    return undefined;
  }
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json") || type.startsWith("application/graphql-response+json")) {
    try {
      return JSON.parse(raw);
    } catch {
      throw new BodyError(400, "request body is not valid JSON");
    }
  }
  return raw;
}

export function writeGraphQLError(
  res: ServerResponse,
  status: number,
  message: string,
  code: string,
) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Adapts Apollo Server's transport-neutral executeHTTPGraphQLRequest to node:http, without a
 * web framework in the hot path.
 */
export function createApolloHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (req: IncomingMessage, res: ServerResponse) => Promise<TContext>,
) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = parseBody(req, await readBody(req));
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400;
      writeGraphQLError(res, status, (error as Error).message, "BAD_REQUEST");
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) {
        headers.set(key, Array.isArray(value) ? value.join(", ") : value);
      }
    }
    const url = req.url ?? "/";
    const queryIndex = url.indexOf("?");
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? "GET").toUpperCase(),
        headers,
        search: queryIndex === -1 ? "" : url.slice(queryIndex),
        body,
      },
      context: () => context(req, res),
    });
    for (const [key, value] of response.headers) {
      res.setHeader(key, value);
    }
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) {
      res.write(chunk);
    }
    res.end();
  };
}
