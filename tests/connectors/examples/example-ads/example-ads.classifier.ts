import {
  ConnectorError,
  type ConnectorErrorKind,
} from "../../../../connectors/kit/connector-error.js";
import {
  classifyByStatus,
  type Classifier,
} from "../../../../connectors/kit/default-classifier.js";
import { decimal, parseEnvelope } from "./example-ads.schemas.js";

/**
 * Example Ads' failures: HTTP 200 with a non-zero `code` in the envelope (the HTTP status only
 * speaks for the gateway in front, which answers 5xx in text). A throttled call says how long to
 * wait in `data.retry_after` (seconds). Codes not listed are the caller's to fix: INVALID_REQUEST.
 */
const KINDS = new Map<number, ConnectorErrorKind>([
  [40100, "RATE_LIMITED"],
  [40101, "AUTH_EXPIRED"],
  [40102, "AUTH_REVOKED"],
  [40104, "AUTH_REVOKED"],
  [40001, "PERMISSION_DENIED"],
  [50000, "UNAVAILABLE"],
  [50002, "UNAVAILABLE"],
]);

export const classifyExampleAds: Classifier = (response, provider) => {
  const envelope = parseEnvelope(response.body);
  if (response.status >= 400) {
    return classifyByStatus(response, provider);
  }
  if (!envelope) {
    return new ConnectorError(
      "UNAVAILABLE",
      `${provider} answered with something that is not its API`,
      {
        provider,
        providerCode: response.status,
      },
    );
  }
  if (envelope.code === 0) {
    return undefined;
  }
  const kind = KINDS.get(envelope.code) ?? "INVALID_REQUEST";
  const wait = kind === "RATE_LIMITED" ? decimal(envelope.data, "retry_after") : undefined;
  return new ConnectorError(
    kind,
    `${provider}: ${envelope.message || "error"} (${envelope.code})`,
    {
      provider,
      providerCode: envelope.code,
      ...(envelope.requestId ? { providerRequestId: envelope.requestId } : {}),
      ...(wait !== undefined ? { retryAfterMs: Math.round(wait * 1000) } : {}),
    },
  );
};
