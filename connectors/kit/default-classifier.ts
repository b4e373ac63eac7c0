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

/** HTTP semantics alone, for whatever a provider's own classifier left unclassified. */
export const classifyByStatus: Classifier = (response, provider) => {
  const { status } = response;
  if (status < 400) {
    return undefined;
  }
  const details = { provider, providerCode: status };
  if (status === 401) {
    return new ConnectorError("AUTH_EXPIRED", `${provider} rejected the credentials`, details);
  }
  if (status === 403) {
    return new ConnectorError("PERMISSION_DENIED", `${provider} denied the operation`, details);
  }
  if (status === 429) {
    return new ConnectorError("RATE_LIMITED", `${provider} is rate limiting`, {
      ...details,
      retryAfterMs: providerWait(response.headers),
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
    `${provider} refused the request (HTTP ${status})`,
    details,
  );
};
