import { createGraphClassifier } from "../families/meta/meta.classifier.js";

/**
 * WhatsApp's own Graph codes on top of the Meta family's classifier (tokens, permissions,
 * Graph and business-use-case throttling, transient errors, invalid parameters).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */

/** The user stopped marketing messages from this business: the runtime adds them to suppression. */
export const MARKETING_OPT_OUT_CODE = 131050;
/** Message undeliverable: what a failed status carries when nothing more precise applies. */
export const UNDELIVERABLE_CODE = 131026;

export const classifyWhatsapp = createGraphClassifier({
  codes: {
    /** 130429 Cloud API throughput, 131048 spam rate limit, 131056 pair rate limit. */
    RATE_LIMITED: [130429, 131048, 131056],
    /** 131000 something went wrong, 131016 service unavailable. */
    UNAVAILABLE: [131000, 131016],
    /**
     * 131008 required parameter missing, 131009 parameter value not valid, 131026 undeliverable,
     * 131047 re-engagement (24 h window), 131050 marketing opt-out, 132000 template parameter
     * count, 132001 template does not exist.
     */
    INVALID_REQUEST: [
      131008,
      131009,
      UNDELIVERABLE_CODE,
      131047,
      MARKETING_OPT_OUT_CODE,
      132000,
      132001,
    ],
  },
  optOutCodes: [MARKETING_OPT_OUT_CODE],
});
