import type { SandboxEnvironment, SandboxReply, SandboxRequest } from "../sandbox/sandbox.js";
import { bearerToken } from "../sandbox/sandbox.js";
import { graphErrors, graphHeaders } from "./whatsapp.sandbox-errors.js";
import { handleSend } from "./whatsapp.sandbox-messages.js";
import type { PhoneNumberRecord, SandboxState, TokenRecord } from "./whatsapp.sandbox-state.js";
import type { WebhookPoster } from "./whatsapp.sandbox-webhooks.js";

/**
 * The Graph endpoints the WhatsApp sandbox serves, after an optional `/{version}` segment:
 * GET /{phone-number-id}, POST /{phone-number-id}/messages, and GET|POST|DELETE
 * /{waba-id}/subscribed_apps. Graph checks the token first (header or `access_token` query),
 * then whether the token may see the object, then the method and edge.
 */
const VERSION = /^v\d+\.\d+$/;
const PHONE_FIELDS = new Set([
  "id",
  "display_phone_number",
  "verified_name",
  "quality_rating",
  "code_verification_status",
  "platform_type",
]);

/** The access token a Graph request carries: `Authorization: Bearer …` or `?access_token=`. */
export function tokenOf(request: SandboxRequest): string | undefined {
  return bearerToken(request) ?? request.query.get("access_token") ?? undefined;
}

export function createGraphRoutes(
  env: SandboxEnvironment,
  state: SandboxState,
  webhooks: WebhookPoster,
) {
  function authenticate(request: SandboxRequest): TokenRecord | SandboxReply {
    const value = tokenOf(request);
    if (!value) {
      return graphErrors.missingToken();
    }
    const token = state.tokens.get(value);
    if (!token) {
      return graphErrors.invalidToken();
    }
    if (token.state === "expired") {
      return graphErrors.expiredToken(token.expiredAt ?? env.now(), env.now());
    }
    return token.state === "revoked" ? graphErrors.revokedToken() : token;
  }

  function phoneNode(phone: PhoneNumberRecord, request: SandboxRequest): SandboxReply {
    const all: Record<string, string> = {
      id: phone.id,
      display_phone_number: phone.displayPhoneNumber,
      verified_name: phone.verifiedName,
      quality_rating: phone.qualityRating,
      code_verification_status: "VERIFIED",
      platform_type: "CLOUD_API",
    };
    const asked = (
      request.query.get("fields") ?? "display_phone_number,verified_name,quality_rating"
    )
      .split(",")
      .map(field => field.trim())
      .filter(Boolean);
    const unknown = asked.find(field => !PHONE_FIELDS.has(field));
    if (unknown) {
      return graphErrors.invalidParameter(
        `Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessPhoneNumber)`,
      );
    }
    const body = Object.fromEntries(["id", ...asked].map(field => [field, all[field]]));
    return { status: 200, headers: graphHeaders(), body };
  }

  function subscribedApps(wabaId: string, method: string): SandboxReply {
    const waba = state.wabas.get(wabaId)!;
    if (method === "GET") {
      const data = waba.subscribed
        ? [{ whatsapp_business_api_data: { id: env.app.clientId, name: "Crosscast" } }]
        : [];
      return { status: 200, headers: graphHeaders(), body: { data } };
    }
    waba.subscribed = method === "POST";
    return { status: 200, headers: graphHeaders(), body: { success: true } };
  }

  function route(request: SandboxRequest, token: TokenRecord): SandboxReply {
    const parts = request.path.split("/").filter(Boolean);
    const [id = "", edge, ...rest] = VERSION.test(parts[0] ?? "") ? parts.slice(1) : parts;
    const phone = state.phoneNumbers.get(id);
    const wabaId = phone?.wabaId ?? (state.wabas.has(id) ? id : undefined);
    // Graph does not tell an unknown object from one the token may not see.
    if (!wabaId || wabaId !== token.wabaId) {
      return graphErrors.unsupported(request.method, id);
    }
    if (rest.length > 0 || (edge && !["messages", "subscribed_apps"].includes(edge))) {
      return graphErrors.unknownPath(`/${[edge, ...rest].join("/")}`);
    }
    if (phone && edge === undefined && request.method === "GET") {
      return phoneNode(phone, request);
    }
    if (phone && edge === "messages" && request.method === "POST") {
      if (!token.permissions.has("whatsapp_business_messaging")) {
        return graphErrors.permissionDenied();
      }
      return handleSend(state, webhooks, phone, request, env.now());
    }
    if (
      !phone &&
      edge === "subscribed_apps" &&
      ["GET", "POST", "DELETE"].includes(request.method)
    ) {
      if (!token.permissions.has("whatsapp_business_management")) {
        return graphErrors.permissionDenied();
      }
      return subscribedApps(wabaId, request.method);
    }
    return graphErrors.unsupported(request.method, id);
  }

  return {
    handle(request: SandboxRequest): SandboxReply {
      const token = authenticate(request);
      return "status" in token ? token : route(request, token);
    },
  };
}
