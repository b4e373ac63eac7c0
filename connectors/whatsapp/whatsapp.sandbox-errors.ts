import {
  businessUseCaseUsage,
  graphError,
  graphErrors,
} from "../families/meta/meta.sandbox-errors.js";
import { graphFault } from "../families/meta/meta.sandbox-graph.js";
import type { GraphTokens } from "../families/meta/meta.sandbox-tokens.js";
import type { Fault, RenderedFaultKind, SandboxReply, SandboxRequest } from "../sandbox/sandbox.js";

/**
 * WhatsApp's error bodies on top of Graph's (families/meta/meta.sandbox-errors.ts): WhatsApp adds
 * `error_data: {messaging_product, details}`, its template errors (132001 → 404, 132000) and its
 * throttling codes with the wait in `X-Business-Use-Case-Usage`; and injected faults in them.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */
const errorData = (details: string | undefined) =>
  details !== undefined ? { messaging_product: "whatsapp", details } : undefined;

export const whatsappErrors = {
  ...graphErrors,
  invalidParameter: (message: string, details?: string) =>
    graphErrors.invalidParameter(message, errorData(details)),
  templateMissing: (name: string, language: string) =>
    graphError({
      status: 404,
      code: 132001,
      message: "(#132001) Template name does not exist in the translation",
      errorData: errorData(`template name (${name}) does not exist in ${language}`),
    }),
  templateParameters: (expected: number, got: number) =>
    graphError({
      status: 400,
      code: 132000,
      message: "(#132000) Number of parameters does not match the expected number of params",
      errorData: errorData(
        `body: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
      ),
    }),
  /**
   * Throttling, with the wait in `X-Business-Use-Case-Usage` (minutes). Whether Meta sends the
   * BUC header with 130429 (throughput) as well as with 80007 (WABA) is unverified.
   */
  rateLimited: (code: 130429 | 80007, minutes: number, wabaId: string) =>
    graphError({
      status: 429,
      code,
      message: code === 130429 ? "(#130429) Rate limit hit" : "(#80007) Rate limit issues",
      errorData: errorData(
        code === 130429
          ? "Cloud API message throughput has been reached."
          : "The WhatsApp Business Account has reached its rate limit.",
      ),
      headers: businessUseCaseUsage(wabaId, "whatsapp_business_management", minutes),
    }),
};

/** An injected fault: Graph's rendering, with WhatsApp's throttling (130429 on sends, else 80007). */
export function renderWhatsappFault(
  kind: RenderedFaultKind,
  request: SandboxRequest,
  injected: Fault,
  options: { tokens: GraphTokens; now: () => Date },
): SandboxReply {
  return graphFault(kind, request, {
    ...options,
    rateLimited: () => {
      // Meta announces whole minutes: a wait in seconds is rounded up.
      const minutes = Math.max(1, Math.ceil((injected.retryAfterSeconds ?? 60) / 60));
      const code = request.path.endsWith("/messages") ? 130429 : 80007;
      return whatsappErrors.rateLimited(code, minutes, options.tokens.principalOf(request) ?? "0");
    },
  });
}
