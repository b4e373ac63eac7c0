import { createHmac } from "node:crypto";
import { safeEqual } from "../kit/webhook-signatures.js";

/** Query parameter of a dry run's status callback URL: the token that makes it one. */
export const DRY_RUN_PARAM = "dry";

/**
 * A dry run's status callbacks come from a provider sandbox, signed with the sandbox's demo
 * account, whose secrets are public. What makes such a callback genuine is a token in its URL:
 * an HMAC, keyed by the secret this deployment shares with its sandboxes, over the provider, the
 * connection and the one message the callback may report on. Nothing in the source can forge it,
 * and it names a single dry-run message, so a leaked token reaches nothing else.
 */
export function createDryRunCallbacks(sandboxSecret: string) {
  const token = (provider: string, connectionId: string, messageId: string) =>
    createHmac("sha256", sandboxSecret)
      .update(`dry-run callback\n${provider}\n${connectionId}\n${messageId}`)
      .digest("base64url");
  return {
    token,
    verify(provider: string, connectionId: string, messageId: string, candidate: string): boolean {
      return safeEqual(token(provider, connectionId, messageId), candidate);
    },
  };
}

export type DryRunCallbacks = ReturnType<typeof createDryRunCallbacks>;
