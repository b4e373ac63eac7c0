import { newId, type SandboxContext } from "./example-social.sandbox-state.js";
import { signExampleSocial } from "./example-social.webhooks.js";

/** Sends a signed event to the app's webhook URL, `delayMs` from now (none without a URL). */
export function announce(
  { env }: SandboxContext,
  type: string,
  accountId: string,
  data: Record<string, unknown>,
  delayMs: number,
) {
  const url = env.appWebhookUrl();
  const secret = env.app.webhookSecret;
  if (!url || !secret) {
    return;
  }
  const created = Math.floor((env.now().getTime() + delayMs) / 1000);
  const body = JSON.stringify({
    id: newId("evt"),
    type,
    created,
    data: { account_id: accountId, ...data },
  });
  env.webhooks.send({
    url,
    headers: {
      "content-type": "application/json",
      "example-signature": signExampleSocial(secret, created, body),
    },
    body,
    delayMs,
  });
}
