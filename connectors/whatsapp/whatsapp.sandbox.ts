import { graphErrors } from "../families/meta/meta.sandbox-errors.js";
import { createGraphRouter, type GraphCaller } from "../families/meta/meta.sandbox-graph.js";
import type { Route } from "../sandbox/route-table.js";
import type { ProviderSandbox, SandboxEnvironment } from "../sandbox/sandbox.js";
import { WHATSAPP_DEMO_NUMBER } from "./whatsapp.demo.js";
import { phoneNumberNode, subscribedApps } from "./whatsapp.sandbox-accounts.js";
import { renderWhatsappFault } from "./whatsapp.sandbox-errors.js";
import { handleSend } from "./whatsapp.sandbox-messages.js";
import {
  ALL_PERMISSIONS,
  createSandboxState,
  type AcceptedMessage,
  type Permission,
  type PhoneNumberRecord,
  type SandboxTemplate,
  type WhatsappSandboxAccount,
} from "./whatsapp.sandbox-state.js";
import { createWebhookPoster } from "./whatsapp.sandbox-webhooks.js";

export type { WhatsappSandboxAccount };

/**
 * A wire-faithful fake of the WhatsApp Cloud API (Graph), served under `/whatsapp/{v}/…`:
 * GET /{phone-number-id}, POST /{phone-number-id}/messages, POST|GET|DELETE
 * /{waba-id}/subscribed_apps; bearer system-user tokens (header or `access_token` query);
 * Graph error bodies; status, inbound and `user_preferences` webhooks signed with the app secret.
 * Graph checks the token first, then whether the token may see the object, then the edge.
 */
export interface WhatsappSandbox extends ProviderSandbox {
  /** A new WABA and number with a fresh token, as a connection holds it. */
  createConnection(): {
    secrets: { accessToken: string };
    settings: { phoneNumberId: string; wabaId: string };
  };
  /** A WABA with one business phone number and a system-user token for it. */
  createAccount(options?: {
    verifiedName?: string;
    /** Token permissions; default both. Without `whatsapp_business_messaging`, sends get (#10). */
    permissions?: readonly Permission[];
    /** Whether our app starts subscribed to the WABA's webhooks (default true). */
    subscribed?: boolean;
  }): WhatsappSandboxAccount;
  /** A new system-user token for the phone number's WABA (what an admin does after expiry). */
  issueToken(phoneNumberId: string, permissions?: readonly Permission[]): string;
  expireToken(token: string): void;
  revokeToken(token: string): void;
  /** Adds an approved template (body with {{1}}… placeholders). */
  addTemplate(template: SandboxTemplate): void;
  /** Every message the sandbox accepted, in order (assert "sent exactly once" here). */
  readonly accepted: readonly AcceptedMessage[];
  /** A WhatsApp user writes to the business number: sends the inbound `messages` webhook. */
  receive(input: { from: string; phoneNumberId: string; text: string; name?: string }): string;
  /** The user stops marketing messages: marketing templates to them then fail with 131050. */
  stopMarketing(input: { from: string; phoneNumberId: string; name?: string }): void;
  resumeMarketing(input: { from: string; phoneNumberId: string; name?: string }): void;
  isSubscribed(wabaId: string): boolean;
}

/** The object a path names: a business number (with its WABA) or a WABA. */
interface Seen {
  wabaId: string;
  phone?: PhoneNumberRecord;
}

export function createWhatsappSandbox(env: SandboxEnvironment): WhatsappSandbox {
  const state = createSandboxState(() => env.now());
  const webhooks = createWebhookPoster(env, state);
  state.addAccount(WHATSAPP_DEMO_NUMBER, { permissions: ALL_PERMISSIONS, subscribed: true });

  /** A token sees its WABA and the WABA's numbers. */
  function see(id: string, principal: string): Seen | undefined {
    const phone = state.phoneNumbers.get(id);
    const wabaId = phone?.wabaId ?? (state.wabas.has(id) ? id : undefined);
    return wabaId && wabaId === principal ? { wabaId, ...(phone ? { phone } : {}) } : undefined;
  }

  const routes: Array<Route<GraphCaller<Seen>>> = [
    {
      method: "GET",
      path: "/:id",
      handle: ({ request, params, principal: p }) =>
        p?.object.phone
          ? phoneNumberNode(p.object.phone, request)
          : graphErrors.unsupported("GET", params.id!),
    },
    {
      method: "POST",
      path: "/:id/messages",
      handle: ({ request, params, principal: p }) => {
        if (!p?.object.phone) {
          return graphErrors.unsupported("POST", params.id!);
        }
        return p.scopes.has("whatsapp_business_messaging")
          ? handleSend(state, webhooks, p.object.phone, request, env.now())
          : graphErrors.permissionDenied();
      },
    },
    ...(["GET", "POST", "DELETE"] as const).map((method): Route<GraphCaller<Seen>> => ({
      method,
      path: "/:id/subscribed_apps",
      handle: ({ params, principal: p }) => {
        if (!p || p.object.phone) {
          return graphErrors.unsupported(method, params.id!);
        }
        return p.scopes.has("whatsapp_business_management")
          ? subscribedApps(env, state, p.object.wabaId, method)
          : graphErrors.permissionDenied();
      },
    })),
  ];
  const handle = createGraphRouter({ tokens: state.tokens, see, routes });

  function createAccount(options: Parameters<WhatsappSandbox["createAccount"]>[0] = {}) {
    const account = {
      wabaId: state.nextId("2"),
      phoneNumberId: state.nextId("1"),
      displayPhoneNumber: state.nextDisplayNumber(),
      verifiedName: options.verifiedName ?? "Sandbox Business",
    };
    const accessToken = state.addAccount(account, {
      permissions: options.permissions ?? ALL_PERMISSIONS,
      subscribed: options.subscribed ?? true,
    });
    return { ...account, accessToken };
  }

  function setMarketing(
    input: { from: string; phoneNumberId: string; name?: string },
    stop: boolean,
  ) {
    const phone = state.phoneFor(input.phoneNumberId);
    const stopped = state.wabas.get(phone.wabaId)?.stoppedMarketing;
    stopped?.[stop ? "add" : "delete"](input.from);
    webhooks.preference(phone, input.from, stop ? "stop" : "resume", input.name ?? "WhatsApp User");
  }

  return {
    provider: "whatsapp",
    handle,
    fault: (kind, request, injected) =>
      renderWhatsappFault(kind, request, injected, { tokens: state.tokens, now: () => env.now() }),
    createConnection() {
      const { accessToken, phoneNumberId, wabaId } = createAccount();
      return { secrets: { accessToken }, settings: { phoneNumberId, wabaId } };
    },
    createAccount,
    issueToken: (phoneNumberId, permissions = ALL_PERMISSIONS) =>
      state.tokens.issue(state.phoneFor(phoneNumberId).wabaId, permissions),
    expireToken: token => state.tokens.expire(token),
    revokeToken: token => state.tokens.revoke(token),
    addTemplate(template) {
      state.templates.push(template);
    },
    get accepted() {
      return [...state.accepted];
    },
    receive: ({ from, phoneNumberId, text, name = "WhatsApp User" }) =>
      webhooks.inbound(state.phoneFor(phoneNumberId), from, text, name),
    stopMarketing: input => setMarketing(input, true),
    resumeMarketing: input => setMarketing(input, false),
    isSubscribed: wabaId => state.wabas.get(wabaId)?.subscribed ?? false,
  };
}
