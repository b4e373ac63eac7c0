import { Agent, request } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type {
  Fetcher,
  FetcherHeaders,
  FetcherRequestInit,
  FetcherResponse,
} from "@apollo/utils.fetcher";

/** Response headers with lower-case names: what the gateway reads of a subgraph's answer. */
class ResponseHeaders implements FetcherHeaders {
  private readonly map = new Map<string, string>();

  constructor(raw: Record<string, string | string[] | undefined>) {
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) {
        this.map.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
    }
  }

  append(name: string, value: string) {
    const key = name.toLowerCase();
    const current = this.map.get(key);
    this.map.set(key, current ? `${current}, ${value}` : value);
  }
  delete(name: string) {
    this.map.delete(name.toLowerCase());
  }
  get(name: string) {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string) {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string) {
    this.map.set(name.toLowerCase(), value);
  }
  entries() {
    return this.map.entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.values();
  }
  [Symbol.iterator]() {
    return this.map.entries();
  }
}

class BufferedResponse implements FetcherResponse {
  bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: ResponseHeaders,
    private readonly body: Buffer,
  ) {}

  get ok() {
    return this.status >= 200 && this.status < 300;
  }
  async arrayBuffer() {
    this.bodyUsed = true;
    return this.body.buffer.slice(
      this.body.byteOffset,
      this.body.byteOffset + this.body.byteLength,
    ) as ArrayBuffer;
  }
  async text() {
    this.bodyUsed = true;
    return this.body.toString("utf8");
  }
  async json() {
    return JSON.parse(await this.text()) as unknown;
  }
  clone() {
    return new BufferedResponse(this.url, this.status, this.statusText, this.headers, this.body);
  }
}

interface Target {
  secure: boolean;
  hostname: string;
  port: string;
  path: string;
}

/**
 * The gateway's HTTP client to subgraphs: node:http on a keep-alive agent, answers buffered
 * whole. Subgraph answers are small JSON documents, for which the WHATWG fetch machinery
 * (streams, Request and Response objects) costs more than the call itself.
 */
export function createKeepAliveFetcher(
  options: {
    maxSockets?: number;
    /** A call with no complete answer by then fails (its socket is destroyed). */
    timeoutMs?: number;
  } = {},
): Fetcher {
  const settings = {
    keepAlive: true,
    keepAliveMsecs: 30_000,
    maxSockets: options.maxSockets ?? 256,
    scheduling: "lifo" as const,
  };
  const agent = new Agent(settings);
  const secureAgent = new HttpsAgent(settings);
  const targets = new Map<string, Target>();
  const targetOf = (url: string): Target => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      const secure = parsed.protocol === "https:";
      target = {
        secure,
        hostname: parsed.hostname,
        port: parsed.port || (secure ? "443" : "80"),
        path: `${parsed.pathname}${parsed.search}`,
      };
      targets.set(url, target);
    }
    return target;
  };
  return (url: string, init: FetcherRequestInit = {}) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const target = targetOf(url);
      const body =
        init.body === undefined
          ? undefined
          : Buffer.isBuffer(init.body)
            ? init.body
            : Buffer.from(init.body);
      const headers = {
        ...init.headers,
        ...(body ? { "content-length": String(body.length) } : {}),
      };
      const send = target.secure ? httpsRequest : request;
      const req = send(
        {
          agent: target.secure ? secureAgent : agent,
          hostname: target.hostname,
          port: target.port,
          path: target.path,
          method: init.method ?? "GET",
          headers,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", fail);
          res.on("end", () => {
            settle();
            resolve(
              new BufferedResponse(
                url,
                res.statusCode ?? 0,
                res.statusMessage ?? "",
                new ResponseHeaders(res.headers),
                Buffer.concat(chunks),
              ),
            );
          });
        },
      );
      const abort = () => req.destroy(new Error("aborted"));
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(
              () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
              options.timeoutMs,
            );
      const signal = init.signal as AbortSignal | undefined;
      // Nothing of a finished call stays referenced: not by its timer, not by the caller's signal.
      function settle() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", abort);
      }
      function fail(error: Error) {
        settle();
        reject(error);
      }
      req.on("error", fail);
      signal?.addEventListener("abort", abort, { once: true });
      req.end(body);
    });
}
