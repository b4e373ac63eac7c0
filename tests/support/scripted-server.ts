import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Hold the answer this long (to make a client time out after sending). */
  delayMs?: number;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/**
 * A loopback HTTP test double: answers each request with the next scripted reply for its
 * method and path, and records what it received.
 */
export class ScriptedServer {
  readonly seen: SeenRequest[] = [];
  private readonly scripts = new Map<string, ScriptedReply[]>();
  private server?: Server;
  url = "";

  on(method: string, path: string, ...replies: ScriptedReply[]): this {
    this.scripts.set(`${method} ${path}`, replies);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>(resolve => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) {
      chunks.push(chunk);
    }
    this.seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    const path = (req.url ?? "").split("?")[0];
    const replies = this.scripts.get(`${req.method} ${path}`) ?? [];
    const reply = (replies.length > 1 ? replies.shift() : replies[0]) ?? {
      status: 404,
      body: { error: "unscripted" },
    };
    if (reply.delayMs) {
      await new Promise(resolve => setTimeout(resolve, reply.delayMs));
    }
    if (res.destroyed) {
      return;
    }
    const body = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status ?? 200, {
      "content-type": typeof reply.body === "string" ? "text/plain" : "application/json",
      ...reply.headers,
    });
    res.end(body);
  }

  count(method: string, path: string): number {
    return this.seen.filter(r => r.method === method && r.url.split("?")[0] === path).length;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
