import { graphOk } from "../families/meta/meta.sandbox-errors.js";
import { graphNode } from "../families/meta/meta.sandbox-graph.js";
import type { SandboxEnvironment, SandboxReply, SandboxRequest } from "../sandbox/sandbox.js";
import type { PhoneNumberRecord, SandboxState } from "./whatsapp.sandbox-state.js";

/**
 * The account resources: GET /{phone-number-id} (the business number node) and
 * GET|POST|DELETE /{waba-id}/subscribed_apps (our app's subscription to the WABA's webhooks).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-account/subscribed-apps-api
 */
export function phoneNumberNode(phone: PhoneNumberRecord, request: SandboxRequest): SandboxReply {
  const node = {
    id: phone.id,
    display_phone_number: phone.displayPhoneNumber,
    verified_name: phone.verifiedName,
    quality_rating: phone.qualityRating,
    code_verification_status: "VERIFIED",
    platform_type: "CLOUD_API",
  };
  return graphNode(
    request,
    node,
    "display_phone_number,verified_name,quality_rating",
    "WhatsAppBusinessPhoneNumber",
  );
}

export function subscribedApps(
  env: SandboxEnvironment,
  state: SandboxState,
  wabaId: string,
  method: string,
): SandboxReply {
  const waba = state.wabas.get(wabaId)!;
  if (method === "GET") {
    const app = { whatsapp_business_api_data: { id: env.app.clientId, name: "Crosscast" } };
    return graphOk({ data: waba.subscribed ? [app] : [] });
  }
  waba.subscribed = method === "POST";
  return graphOk({ success: true });
}
