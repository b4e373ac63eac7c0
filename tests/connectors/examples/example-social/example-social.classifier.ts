import {
  ConnectorError,
  type ConnectorErrorKind,
} from "../../../../connectors/kit/connector-error.js";
import {
  statusClassifier,
  type Classifier,
} from "../../../../connectors/kit/default-classifier.js";
import { parseError } from "./example-social.schemas.js";

/**
 * Example Social's failures: an HTTP status with `{error:{code,message}}`. The status says most
 * of it; the code tells a 401 apart (an expired token refreshes, an invalid one never will) and
 * names the failure in logs. 429 carries Retry-After in seconds.
 */
const KINDS: Record<string, ConnectorErrorKind> = {
  token_expired: "AUTH_EXPIRED",
  invalid_token: "AUTH_REVOKED",
  insufficient_scope: "PERMISSION_DENIED",
  account_suspended: "PERMISSION_DENIED",
  rate_limited: "RATE_LIMITED",
  service_unavailable: "UNAVAILABLE",
};

const byStatus = statusClassifier({
  describe: response => {
    const error = parseError(response.body);
    return {
      providerCode: error?.code ?? response.status,
      detail: error?.message ? `: ${error.message}` : "",
    };
  },
});

export const classifyExampleSocial: Classifier = (response, provider) => {
  const failure = byStatus(response, provider);
  const code = parseError(response.body)?.code;
  const kind = code ? KINDS[code] : undefined;
  const requestId = response.headers.get("x-request-id") ?? undefined;
  if (!failure || !kind || kind === failure.kind) {
    if (failure && requestId) {
      failure.details.providerRequestId = requestId;
    }
    return failure;
  }
  return new ConnectorError(kind, `${provider}: ${code}`, {
    ...failure.details,
    ...(requestId ? { providerRequestId: requestId } : {}),
  });
};
