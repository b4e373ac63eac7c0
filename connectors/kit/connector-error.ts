/**
 * The closed taxonomy every provider failure is classified into. Callers branch on `kind`,
 * never on a provider's status codes or bodies, which stay in the logs.
 */
export const CONNECTOR_ERROR_KINDS = [
  "AUTH_EXPIRED",
  "AUTH_REVOKED",
  "PERMISSION_DENIED",
  "INVALID_REQUEST",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "UNKNOWN_OUTCOME",
] as const;
export type ConnectorErrorKind = (typeof CONNECTOR_ERROR_KINDS)[number];

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: {
      provider?: string;
      /** When the provider said to come back, in milliseconds from now. */
      retryAfterMs?: number;
      /** The provider's own code (e.g. Twilio 20429, Slack `ratelimited`), for logs. */
      providerCode?: string | number;
      providerRequestId?: string;
      /**
       * The recipient opted out (Twilio 21610, WhatsApp 131050): the classifier, which knows
       * its provider's codes, says so, and the messaging subgraph suppresses the recipient.
       */
      optOut?: boolean;
    } = {},
  ) {
    super(message);
    this.name = "ConnectorError";
  }

  /** Worth trying again (after a wait) without changing the request. */
  get retryable(): boolean {
    return this.kind === "RATE_LIMITED" || this.kind === "UNAVAILABLE";
  }
}
