import { ConnectorError } from "./connector-error.js";
import { parseRateLimitReset, parseRetryAfter } from "./retry-policy.js";

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the provider sent JSON, otherwise the text. */
  body: unknown;
}

/** Reads a provider response as a failure, or returns undefined when it succeeded. */
export type Classifier = (
  response: ProviderResponse,
  provider: string,
) => ConnectorError | undefined;

/** The provider's requested wait: Retry-After first, then its reset headers. */
export function providerWait(headers: Headers): number | undefined {
  return parseRetryAfter(headers.get("retry-after")) ?? parseRateLimitReset(headers);
}

/** How a provider's HTTP statuses differ from the common reading. */
export interface StatusClassifierOptions {
  /** The wait a 429 asks for; Retry-After, then the `x-ratelimit-*` reset headers by default. */
  wait?: (headers: Headers) => number | undefined;
  /** What a 401 means: an expired token (the default), or credentials that will never work again. */
  unauthorized?: "AUTH_EXPIRED" | "AUTH_REVOKED";
  /** The provider's code for the failure (the status by default) and a detail for the message. */
  describe?: (response: ProviderResponse) => { providerCode: string | number; detail: string };
}

/** A classifier by HTTP semantics alone, with the provider's differences from `options`. */
export function statusClassifier(options: StatusClassifierOptions = {}): Classifier {
  const wait = options.wait ?? providerWait;
  return (response, provider) => {
    const { status } = response;
    if (status < 400) {
      return undefined;
    }
    const { providerCode, detail } = options.describe?.(response) ?? {
      providerCode: status,
      detail: "",
    };
    const details = { provider, providerCode };
    if (status === 401) {
      return options.unauthorized === "AUTH_REVOKED"
        ? new ConnectorError("AUTH_REVOKED", `${provider} refused the credentials`, details)
        : new ConnectorError("AUTH_EXPIRED", `${provider} rejected the credentials`, details);
    }
    if (status === 403) {
      return new ConnectorError(
        "PERMISSION_DENIED",
        `${provider} denied the operation${detail}`,
        details,
      );
    }
    if (status === 429) {
      return new ConnectorError("RATE_LIMITED", `${provider} is rate limiting`, {
        ...details,
        retryAfterMs: wait(response.headers),
      });
    }
    if (status >= 500) {
      // Only Retry-After: rate-limit reset headers ride on every answer of some providers and say
      // nothing about when an outage ends.
      return new ConnectorError("UNAVAILABLE", `${provider} is unavailable (HTTP ${status})`, {
        ...details,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      });
    }
    return new ConnectorError(
      "INVALID_REQUEST",
      `${provider} refused the request (HTTP ${status})${detail}`,
      details,
    );
  };
}

/** HTTP semantics alone, for whatever a provider's own classifier left unclassified. */
export const classifyByStatus: Classifier = statusClassifier();
