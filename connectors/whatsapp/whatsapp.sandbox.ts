import type {
  Fault,
  ProviderSandbox,
  RenderedFaultKind,
  SandboxEnvironment,
  SandboxReply,
  SandboxRequest,
} from "../sandbox/sandbox.js";
import { graphErrors } from "./whatsapp.sandbox-errors.js";
import { createGraphRoutes, tokenOf } from "./whatsapp.sandbox-graph.js";
import {
  ALL_PERMISSIONS,
  createSandboxState,
  type AcceptedMessage,
  type Permission,
  type PhoneNumberRecord,
  type SandboxTemplate,
} from "./whatsapp.sandbox-state.js";
import { createWebhookPoster } from "./whatsapp.sandbox-webhooks.js";

/**
 * A wire-faithful fake of the WhatsApp Cloud API (Graph), served under `/whatsapp/{v}/…`:
 * GET /{phone-number-id}, POST /{phone-number-id}/messages, POST|GET|DELETE
 * /{waba-id}/subscribed_apps; bearer system-user tokens (header or `access_token` query);
 * Graph error bodies; status, inbound and `user_preferences` webhooks signed with the app secret.
 */

/** Always accepted, without any control call: the demo workspace of `npm start` uses it. */
export const WHATSAPP_DEMO_ACCOUNT = {
  secrets: { accessToken: "EAAsandboxWhatsappDemoSystemUserToken0000000000" },
  settings: { phoneNumberId: "109000000000000", wabaId: "209000000000000" },
  displayPhoneNumber: "+1 555-010-0100",
  verifiedName: "Crosscast Demo",
} as const;

export interface WhatsappSandboxAccount {
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  verifiedName: string;
}

export interface WhatsappSandbox extends ProviderSandbox {
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

export function createWhatsappSandbox(env: SandboxEnvironment): WhatsappSandbox {
  const state = createSandboxState();
  const webhooks = createWebhookPoster(env, state);
  const graph = createGraphRoutes(env, state, webhooks);

  function addAccount(
    account: Omit<WhatsappSandboxAccount, "accessToken">,
    options: { permissions: readonly Permission[]; subscribed: boolean; token?: string },
  ): string {
    state.wabas.set(account.wabaId, {
      id: account.wabaId,
      subscribed: options.subscribed,
      stoppedMarketing: new Set(),
    });
    state.phoneNumbers.set(account.phoneNumberId, {
      id: account.phoneNumberId,
      wabaId: account.wabaId,
      displayPhoneNumber: account.displayPhoneNumber,
      verifiedName: account.verifiedName,
      qualityRating: "GREEN",
    });
    return state.issueToken(account.wabaId, options.permissions, options.token);
  }
  addAccount(
    {
      ...WHATSAPP_DEMO_ACCOUNT.settings,
      displayPhoneNumber: WHATSAPP_DEMO_ACCOUNT.displayPhoneNumber,
      verifiedName: WHATSAPP_DEMO_ACCOUNT.verifiedName,
    },
    {
      permissions: ALL_PERMISSIONS,
      subscribed: true,
      token: WHATSAPP_DEMO_ACCOUNT.secrets.accessToken,
    },
  );

  function phoneFor(id: string): PhoneNumberRecord {
    const phone = state.phoneNumbers.get(id);
    if (!phone) {
      throw new Error(`no sandbox phone number ${id}`);
    }
    return phone;
  }

  function setTokenState(value: string | undefined, next: "expired" | "revoked") {
    const token = value ? state.tokens.get(value) : undefined;
    if (token && token.state === "active") {
      token.state = next;
      token.expiredAt = env.now();
    }
  }

  function fault(kind: RenderedFaultKind, request: SandboxRequest, injected: Fault): SandboxReply {
    switch (kind) {
      case "RATE_LIMITED": {
        // Meta announces whole minutes: a wait in seconds is rounded up.
        const minutes = Math.max(1, Math.ceil((injected.retryAfterSeconds ?? 60) / 60));
        const token = state.tokens.get(tokenOf(request) ?? "");
        const code = request.path.endsWith("/messages") ? 130429 : 80007;
        return graphErrors.rateLimited(code, minutes, token?.wabaId ?? "0");
      }
      case "UNAVAILABLE":
        return graphErrors.unavailable();
      case "AUTH_EXPIRED":
        setTokenState(tokenOf(request), "expired");
        return graphErrors.expiredToken(env.now(), env.now());
      case "AUTH_REVOKED":
        setTokenState(tokenOf(request), "revoked");
        return graphErrors.revokedToken();
      case "PERMISSION_DENIED":
        return graphErrors.permissionDenied();
      case "INVALID_REQUEST":
        return graphErrors.invalidParameter("Invalid parameter");
    }
  }

  return {
    provider: "whatsapp",
    handle: graph.handle,
    fault,
    createAccount(options = {}) {
      const account = {
        wabaId: state.nextId("2"),
        phoneNumberId: state.nextId("1"),
        displayPhoneNumber: state.nextDisplayNumber(),
        verifiedName: options.verifiedName ?? "Sandbox Business",
      };
      const accessToken = addAccount(account, {
        permissions: options.permissions ?? ALL_PERMISSIONS,
        subscribed: options.subscribed ?? true,
      });
      return { ...account, accessToken };
    },
    issueToken(phoneNumberId, permissions = ALL_PERMISSIONS) {
      return state.issueToken(phoneFor(phoneNumberId).wabaId, permissions);
    },
    expireToken: token => setTokenState(token, "expired"),
    revokeToken: token => setTokenState(token, "revoked"),
    addTemplate(template) {
      state.templates.push(template);
    },
    get accepted() {
      return [...state.accepted];
    },
    receive({ from, phoneNumberId, text, name = "WhatsApp User" }) {
      return webhooks.inbound(phoneFor(phoneNumberId), from, text, name);
    },
    stopMarketing({ from, phoneNumberId, name = "WhatsApp User" }) {
      const phone = phoneFor(phoneNumberId);
      state.wabas.get(phone.wabaId)?.stoppedMarketing.add(from);
      webhooks.preference(phone, from, "stop", name);
    },
    resumeMarketing({ from, phoneNumberId, name = "WhatsApp User" }) {
      const phone = phoneFor(phoneNumberId);
      state.wabas.get(phone.wabaId)?.stoppedMarketing.delete(from);
      webhooks.preference(phone, from, "resume", name);
    },
    isSubscribed: wabaId => state.wabas.get(wabaId)?.subscribed ?? false,
  };
}
