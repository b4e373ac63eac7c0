import {
  bearerToken,
  type Fault,
  type ProviderSandbox,
  type RenderedFaultKind,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import { optOutEvent, postEvents } from "./sendgrid.sandbox-events.js";
import {
  ACCESS_FORBIDDEN,
  AUTHORIZATION_REQUIRED,
  BAD_REQUEST,
  errorReply,
  GRANT_INVALID,
  METHOD_NOT_ALLOWED,
  NOT_FOUND,
  oneError,
  SERVICE_UNAVAILABLE,
  TOO_MANY_REQUESTS,
} from "./sendgrid.sandbox-replies.js";
import { ROUTES, type RouteState } from "./sendgrid.sandbox-routes.js";
import { RateWindows } from "./sendgrid.sandbox-rates.js";
import {
  DEFAULT_SCOPES,
  SendgridAccounts,
  signingKeyFromSeed,
  type AcceptedMail,
  type EventWebhookConfig,
  type SandboxAccount,
} from "./sendgrid.sandbox-state.js";

const DEMO_SIGNING_KEY = signingKeyFromSeed("crosscast sendgrid sandbox demo account");

/**
 * The account every SendGrid sandbox knows from the start (the `npm start` demo workspace):
 * `secrets` and `settings` are a connection's, as-is. Its Event Webhook signing key is fixed, so
 * `settings.webhookPublicKey` verifies its events even before `register` runs. Sandbox only.
 */
export const SENDGRID_DEMO_ACCOUNT = {
  secrets: { apiKey: "SG.CrosscastDemoSandbox01.OnlyTheCrosscastSandboxAcceptsThisDemoKey01" },
  settings: {
    fromEmail: "hello@demo.crosscast.example",
    fromName: "Crosscast Demo",
    webhookPublicKey: DEMO_SIGNING_KEY.publicKeyBase64,
  },
  userId: 4_200_001,
  username: "crosscast-demo",
} as const;

/** What `createAccount` hands a test: the key, its verified sender and the account's identity. */
export interface SendgridSandboxAccount {
  apiKey: string;
  fromEmail: string;
  userId: number;
  username: string;
  /** The account's Event Webhook public key (base64 DER), as the signed settings answer it. */
  publicKey: string;
}

export interface SendgridSandbox extends ProviderSandbox {
  /** A new account with one API key (default scopes: mail.send, username and webhook settings). */
  createAccount(options?: {
    scopes?: readonly string[];
    username?: string;
    fromEmail?: string;
  }): SendgridSandboxAccount;
  /** Another key on the account of `apiKey`, with the given scopes. */
  createKey(apiKey: string, scopes: readonly string[]): string;
  /** Deletes a key: every later call with it gets SendGrid's 401. */
  revokeKey(apiKey: string): void;
  /** Adds a verified sender (Single Sender Verification) to the account of `apiKey`. */
  verifySender(apiKey: string, email: string): void;
  /** Every `POST /v3/mail/send` the sandbox accepted, oldest first. */
  readonly sent: readonly AcceptedMail[];
  /** The account's Event Webhook settings, as the settings endpoints left them. */
  eventWebhook(apiKey: string): Readonly<EventWebhookConfig> | undefined;
  /**
   * The recipient clicks unsubscribe (or a group's unsubscribe, or reports spam): the address is
   * suppressed and the event is posted to the Event Webhook of every account that mailed it (or
   * of `apiKey`'s account), carrying the last message's `sg_message_id` and custom args.
   */
  unsubscribe(email: string, options?: { apiKey?: string; group?: number }): void;
  spamReport(email: string, options?: { apiKey?: string }): void;
  /** Requests per key, endpoint and minute before SendGrid's 429 (default 600). */
  setRateLimit(limit: number): void;
}

/** A wire-faithful SendGrid v3 for the endpoints the connector uses. */
export function createSendgridSandbox(env: SandboxEnvironment): SendgridSandbox {
  const accounts = new SendgridAccounts();
  const rates = new RateWindows();
  const state: RouteState = { env, sent: [], lastMessages: new Map() };

  const demo = accounts.add({
    userId: SENDGRID_DEMO_ACCOUNT.userId,
    username: SENDGRID_DEMO_ACCOUNT.username,
    fromEmail: SENDGRID_DEMO_ACCOUNT.settings.fromEmail,
    signingKey: DEMO_SIGNING_KEY,
  });
  accounts.addKey(demo, DEFAULT_SCOPES, SENDGRID_DEMO_ACCOUNT.secrets.apiKey);

  const now = () => env.now().getTime();
  const bucket = (request: SandboxRequest) => {
    const key = accounts.key(bearerToken(request) ?? "");
    return `${key?.account.userId ?? "anonymous"}:${request.method} ${request.path}`;
  };
  const accountOf = (apiKey: string): SandboxAccount => {
    const key = accounts.key(apiKey);
    if (!key) {
      throw new Error("sendgrid sandbox: unknown API key");
    }
    return key.account;
  };

  function optOut(
    email: string,
    event: "unsubscribe" | "group_unsubscribe" | "spamreport",
    reason: string,
    options: { apiKey?: string; group?: number },
  ) {
    const address = email.toLowerCase();
    const mailedBy = state.sent
      .filter(mail => mail.recipients.some(to => to.toLowerCase() === address))
      .map(mail => mail.userId);
    const targets = options.apiKey
      ? [accountOf(options.apiKey)]
      : [...new Set(mailedBy)].map(id => accounts.account(id)!);
    if (targets.length === 0) {
      throw new Error("sendgrid sandbox: no account has mailed that address; pass an apiKey");
    }
    for (const account of targets) {
      account.suppressions.set(address, reason);
      const last = state.lastMessages.get(`${account.userId}:${address}`);
      postEvents(
        env,
        account,
        [optOutEvent(env, email, event, last, options.group)],
        env.statusDelayMs,
      );
    }
  }

  return {
    provider: "sendgrid",

    handle(request) {
      const route = ROUTES[request.path];
      if (!route) {
        return errorReply(404, oneError(NOT_FOUND));
      }
      const endpoint = route[request.method];
      if (!endpoint) {
        return errorReply(405, oneError(METHOD_NOT_ALLOWED));
      }
      const auth = accounts.authenticate(request);
      if (auth.kind !== "ok") {
        const headers = rates.peek(bucket(request), now());
        return auth.kind === "missing"
          ? errorReply(401, [{ field: null, message: AUTHORIZATION_REQUIRED }], headers)
          : errorReply(401, oneError(GRANT_INVALID), headers);
      }
      const rate = rates.take(bucket(request), now());
      if (!rate.allowed) {
        return errorReply(429, [{ field: null, message: TOO_MANY_REQUESTS }], rate.headers);
      }
      if (endpoint.scope && !auth.key.scopes.has(endpoint.scope)) {
        return errorReply(403, [{ field: null, message: ACCESS_FORBIDDEN }], rate.headers);
      }
      const reply = endpoint.handle(request, auth.key, state);
      return { ...reply, headers: { ...reply.headers, ...rate.headers } };
    },

    fault(kind: RenderedFaultKind, request: SandboxRequest, fault: Fault): SandboxReply {
      const headers = rates.peek(bucket(request), now());
      switch (kind) {
        case "RATE_LIMITED": {
          const reset = Math.ceil(now() / 1000 + (fault.retryAfterSeconds ?? 1));
          return errorReply(429, [{ field: null, message: TOO_MANY_REQUESTS }], {
            ...headers,
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": String(reset),
          });
        }
        case "UNAVAILABLE":
          return errorReply(503, [{ field: null, message: SERVICE_UNAVAILABLE }], headers);
        case "AUTH_EXPIRED":
        case "AUTH_REVOKED":
          // SendGrid keys never expire: either fault deletes the key, and the 401 is the same.
          accounts.revoke(bearerToken(request) ?? "");
          return errorReply(401, oneError(GRANT_INVALID), headers);
        case "PERMISSION_DENIED":
          return errorReply(403, [{ field: null, message: ACCESS_FORBIDDEN }], headers);
        case "INVALID_REQUEST":
          return errorReply(400, oneError(BAD_REQUEST), headers);
      }
    },

    createAccount(options = {}) {
      const account = accounts.add({
        ...(options.username ? { username: options.username } : {}),
        ...(options.fromEmail ? { fromEmail: options.fromEmail } : {}),
      });
      const key = accounts.addKey(account, options.scopes ?? DEFAULT_SCOPES);
      return {
        apiKey: key.apiKey,
        fromEmail: account.fromEmail,
        userId: account.userId,
        username: account.username,
        publicKey: account.signingKey.publicKeyBase64,
      };
    },
    createKey: (apiKey, scopes) => accounts.addKey(accountOf(apiKey), scopes).apiKey,
    revokeKey: apiKey => void accounts.revoke(apiKey),
    verifySender: (apiKey, email) =>
      void accountOf(apiKey).verifiedSenders.add(email.toLowerCase()),
    sent: state.sent,
    eventWebhook: apiKey => accountOf(apiKey).webhook,
    unsubscribe(email, options = {}) {
      const event = options.group === undefined ? "unsubscribe" : "group_unsubscribe";
      optOut(email, event, "Unsubscribed Address", options);
    },
    spamReport(email, options = {}) {
      optOut(email, "spamreport", "Spam Reporting Address", options);
    },
    setRateLimit(limit) {
      rates.limit = limit;
    },
  };
}
