import { ConnectorError, type ConnectorErrorKind } from "../../kit/connector-error.js";
import { classifyByStatus, providerWait, type Classifier } from "../../kit/default-classifier.js";
import { parseGraphError, regainAccessMinutes, type GraphError } from "./meta.schemas.js";

/**
 * Every Meta Graph product's classifier: Graph error bodies read by their code, as Meta
 * recommends, never by the HTTP status alone. The family knows Graph's own codes; a product
 * adds its own codes and which of them mean the recipient opted out.
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 */

/** OAuthException: the access token is invalid. Subcode 463 means it expired. */
const TOKEN_INVALID = 190;
const TOKEN_EXPIRED_SUBCODE = 463;
/** 102 (API session) and 104 (no access token) also need new credentials. */
const CREDENTIALS_UNUSABLE = new Set([102, 104]);

type ListedKind = "PERMISSION_DENIED" | "RATE_LIMITED" | "UNAVAILABLE" | "INVALID_REQUEST";
const LISTED_KINDS: readonly ListedKind[] = [
  "PERMISSION_DENIED",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "INVALID_REQUEST",
];

/**
 * Graph's own codes: 4 app, 17 user, 32 page and 613 call-rate throttling; 1 unknown and
 * 2 service errors; 100 invalid parameter.
 */
const GRAPH_CODES: Partial<Record<ListedKind, readonly number[]>> = {
  RATE_LIMITED: [4, 17, 32, 613],
  UNAVAILABLE: [1, 2],
  INVALID_REQUEST: [100],
};

/** 80000–80014: the business use case rate limits, one code per product. */
function isBusinessUseCaseLimit(code: number): boolean {
  return code >= 80_000 && code <= 80_014;
}

export interface GraphProductCodes {
  /** The product's own codes, by the kind each means. */
  codes: Partial<Record<ListedKind, readonly number[]>>;
  /** Codes that mean the recipient opted out (the runtime suppresses them). */
  optOutCodes?: readonly number[];
}

const DESCRIPTIONS: Record<ConnectorErrorKind, string> = {
  AUTH_EXPIRED: "the access token has expired",
  AUTH_REVOKED: "the access token is no longer valid",
  PERMISSION_DENIED: "the token lacks the permission for this call",
  INVALID_REQUEST: "refused the request",
  RATE_LIMITED: "is rate limiting",
  UNAVAILABLE: "is temporarily unavailable",
  UNKNOWN_OUTCOME: "gave no usable answer",
};

function kindOf(
  error: GraphError,
  listed: ReadonlyMap<number, ListedKind>,
): ConnectorErrorKind | undefined {
  const { code } = error;
  if (code === TOKEN_INVALID) {
    return error.subcode === TOKEN_EXPIRED_SUBCODE ? "AUTH_EXPIRED" : "AUTH_REVOKED";
  }
  if (CREDENTIALS_UNUSABLE.has(code)) {
    return "AUTH_REVOKED";
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    return "PERMISSION_DENIED";
  }
  const kind = listed.get(code) ?? (isBusinessUseCaseLimit(code) ? "RATE_LIMITED" : undefined);
  if (kind && kind !== "INVALID_REQUEST") {
    return kind;
  }
  // A refusal Graph marks transient is worth asking again, whatever its code.
  return error.isTransient ? "UNAVAILABLE" : kind;
}

/** The wait Meta announces: BUC `estimated_time_to_regain_access` (minutes), else Retry-After. */
function announcedWait(headers: Headers): number | undefined {
  const minutes = regainAccessMinutes(headers.get("x-business-use-case-usage"));
  return minutes !== undefined ? minutes * 60_000 : providerWait(headers);
}

export function createGraphClassifier(product: GraphProductCodes): Classifier {
  const listed = new Map<number, ListedKind>();
  for (const codes of [GRAPH_CODES, product.codes]) {
    for (const kind of LISTED_KINDS) {
      (codes[kind] ?? []).forEach(code => listed.set(code, kind));
    }
  }
  const optOut = new Set(product.optOutCodes ?? []);

  return (response, provider) => {
    // Graph never reports a failure inside a 2xx body, but an `error` object is a failure
    // whatever the status says, so it is read first.
    const error = parseGraphError(response.body);
    if (!error) {
      return classifyByStatus(response, provider);
    }
    const kind = kindOf(error, listed);
    if (!kind) {
      // A code no one listed: the HTTP status decides, and the code still goes to the logs.
      const fallback = classifyByStatus(response, provider);
      return new ConnectorError(
        fallback?.kind ?? "INVALID_REQUEST",
        `${provider} ${DESCRIPTIONS[fallback?.kind ?? "INVALID_REQUEST"]}`,
        {
          ...(fallback?.details ?? { provider }),
          providerCode: error.code,
          providerRequestId: error.fbtraceId,
        },
      );
    }
    const subcode = error.subcode !== undefined ? `, subcode ${error.subcode}` : "";
    const retryable = kind === "RATE_LIMITED" || kind === "UNAVAILABLE";
    return new ConnectorError(
      kind,
      `${provider} ${DESCRIPTIONS[kind]} (code ${error.code}${subcode})`,
      {
        provider,
        providerCode: error.code,
        providerRequestId: error.fbtraceId ?? response.headers.get("x-fb-trace-id") ?? undefined,
        ...(retryable ? { retryAfterMs: announcedWait(response.headers) } : {}),
        ...(optOut.has(error.code) ? { optOut: true } : {}),
      },
    );
  };
}
