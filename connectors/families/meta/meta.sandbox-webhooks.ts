import type { OutgoingWebhook } from "../../sandbox/webhook-sender.js";
import { signMeta } from "./meta.webhooks.js";

/**
 * A webhook as Meta sends it for every Graph product: one JSON POST to the app's callback URL
 * per change, `{object, entry:[{id, changes:[{value, field}]}]}`, from Meta's crawler user agent,
 * signed with `X-Hub-Signature-256` over the raw body with the app secret.
 */
export function metaWebhook(input: {
  url: string;
  appSecret: string;
  object: string;
  entryId: string;
  field: string;
  value: object;
}): Omit<OutgoingWebhook, "delayMs"> {
  const body = JSON.stringify({
    object: input.object,
    entry: [{ id: input.entryId, changes: [{ value: input.value, field: input.field }] }],
  });
  return {
    url: input.url,
    headers: {
      "content-type": "application/json",
      "user-agent": "facebookexternalua",
      "x-hub-signature-256": signMeta(input.appSecret, body),
    },
    body,
  };
}
