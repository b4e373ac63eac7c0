import { randomBytes } from "node:crypto";
import type { JsonRecord } from "../../../../connectors/kit/json.js";
import type { SandboxContext, SandboxShop } from "./example-shop.sandbox-state.js";
import { signExampleShop } from "./example-shop.webhooks.js";

/** Sends a webhook signed with the app's client secret, a status delay from now. */
export function announce(
  { env }: SandboxContext,
  shop: SandboxShop,
  topic: string,
  body: JsonRecord,
) {
  const url = env.appWebhookUrl();
  const secret = env.app.clientSecret;
  if (!url || !secret) {
    return;
  }
  const text = JSON.stringify(body);
  env.webhooks.send({
    url,
    headers: {
      "content-type": "application/json",
      "x-example-topic": topic,
      "x-example-shop-domain": shop.domain,
      "x-example-webhook-id": randomBytes(12).toString("hex"),
      "x-example-triggered-at": env.now().toISOString(),
      "x-example-api-version": "2026-10",
      "x-example-hmac-sha256": signExampleShop(secret, text),
    },
    body: text,
    delayMs: env.statusDelayMs,
  });
}
