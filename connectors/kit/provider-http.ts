import type { Logger } from "../../platform/logger.js";
import { ConnectorError } from "./connector-error.js";
import { classifyByStatus, type Classifier, type ProviderResponse } from "./default-classifier.js";
import type { RateLimiter } from "./rate-limiter.js";
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from "./retry-policy.js";

export interface ProviderHttpOptions {
  provider: string;
  baseUrl: string;
  /** The provider's own reading of its responses, including errors inside HTTP 200 bodies. */
  classify?: Classifier;
  timeoutMs?: number;
  retry?: RetryPolicy;
  limiter?: { limiter: RateLimiter; key: string };
  logger?: Logger;
  /** The header the provider names its request ids in (the catalog's `requestIdHeader`). */
  requestIdHeader?: string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface ProviderRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** A string or form body is sent as is; anything else as JSON. */
  body?: string | URLSearchParams | object;
  /** Safe to send twice: reads, and writes the provider deduplicates itself. */
  idempotent?: boolean;
  /**
   * For a write that may have happened (timed out after sending, or a 5xx): look it up.
   * Return the provider's record if it happened, or undefined if it did not (then it is sent
   * again). Without it, such a write fails with UNKNOWN_OUTCOME and is never sent blindly twice.
   */
  reconcile?: () => Promise<ProviderResponse | undefined>;
}

const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/**
 * Whether the provider may have acted on a write that failed with this status: a 4xx (including
 * a throttle in a 400, as Meta sends) and a 503 are refusals; other 5xx, and errors inside a 2xx
 * body (Slack's internal_error), may hide a write that happened.
 */
function mayHaveActed(status: number): boolean {
  return status !== 503 && !(status >= 400 && status < 500);
}

function encodeBody(body: ProviderRequest["body"]): { body?: string; type?: string } {
  if (body === undefined) {
    return {};
  }
  if (typeof body === "string") {
    return { body };
  }
  if (body instanceof URLSearchParams) {
    return { body: body.toString(), type: "application/x-www-form-urlencoded" };
  }
  return { body: JSON.stringify(body), type: "application/json" };
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/**
 * The HTTP core every connector calls through: a timeout on every call, a per-connection rate
 * limiter, jittered retries that honour Retry-After and reset headers, classification into the
 * closed error taxonomy, and no blind replay of a write whose outcome is unknown.
 * Node's fetch keeps connections alive per origin.
 */
export function createProviderHttp(options: ProviderHttpOptions) {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>(r => setTimeout(r, ms)));
  const classify = (response: ProviderResponse) =>
    options.classify?.(response, options.provider) ?? classifyByStatus(response, options.provider);

  async function send(request: ProviderRequest): Promise<ProviderResponse> {
    // An absolute URL (a token endpoint, a provider's own next-page link) is used as is.
    const url = /^https?:\/\//.test(request.path)
      ? new URL(request.path)
      : new URL(request.path.replace(/^\//, ""), options.baseUrl.replace(/\/?$/, "/"));
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(key, String(value));
      }
    }
    const encoded = encodeBody(request.body);
    const headers = {
      ...(encoded.type ? { "content-type": encoded.type } : {}),
      ...request.headers,
    };
    const started = performance.now();
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: encoded.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const json = (response.headers.get("content-type") ?? "").includes("json");
    let body: unknown = text;
    if (json && text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const requestId = options.requestIdHeader
      ? (response.headers.get(options.requestIdHeader) ?? undefined)
      : undefined;
    options.logger?.debug(
      {
        provider: options.provider,
        method: request.method,
        path: url.pathname,
        status: response.status,
        providerRequestId: requestId,
        ms: Math.round(performance.now() - started),
      },
      "provider call",
    );
    return { status: response.status, headers: response.headers, body };
  }

  async function unknownOutcome(
    request: ProviderRequest,
    reason: string,
  ): Promise<ProviderResponse | undefined> {
    if (!request.reconcile) {
      throw new ConnectorError(
        "UNKNOWN_OUTCOME",
        `${options.provider}: ${reason}; the write may or may not have happened`,
        {
          provider: options.provider,
        },
      );
    }
    try {
      return await request.reconcile();
    } catch {
      throw new ConnectorError(
        "UNKNOWN_OUTCOME",
        `${options.provider}: ${reason}, and the lookup failed`,
        {
          provider: options.provider,
        },
      );
    }
  }

  return async function request(req: ProviderRequest): Promise<ProviderResponse> {
    let lastError: ConnectorError | undefined;
    for (let attempt = 0; attempt < policy.maxAttempts; attempt += 1) {
      if (options.limiter) {
        await options.limiter.limiter.acquire(options.limiter.key);
      }
      let response: ProviderResponse | undefined;
      try {
        response = await send(req);
      } catch (error) {
        const code = causeCode(error);
        const sent = !(code && NOT_SENT.has(code));
        if (sent && !req.idempotent) {
          response = await unknownOutcome(req, "no answer after sending");
          if (response) {
            return response;
          }
        }
        lastError = new ConnectorError("UNAVAILABLE", `${options.provider} did not answer`, {
          provider: options.provider,
        });
      }
      if (response) {
        const failure = classify(response);
        if (!failure) {
          return response;
        }
        if (!failure.retryable) {
          throw failure;
        }
        if (!req.idempotent && mayHaveActed(response.status)) {
          const found = await unknownOutcome(req, `HTTP ${response.status} after sending`);
          if (found) {
            return found;
          }
        }
        lastError = failure;
      }
      const wait = lastError!.details.retryAfterMs;
      if (wait !== undefined && wait > policy.maxDelayMs) {
        break; // longer than we hold a caller: hand the wait back (a job engine reschedules)
      }
      if (attempt + 1 < policy.maxAttempts) {
        const delay = retryDelay(policy, attempt, wait, options.random);
        if (lastError!.kind === "RATE_LIMITED" && options.limiter) {
          options.limiter.limiter.pause(options.limiter.key, delay);
        }
        await sleep(delay);
      }
    }
    throw lastError!;
  };
}

export type ProviderHttp = ReturnType<typeof createProviderHttp>;
