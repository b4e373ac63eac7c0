import { createRouteTable, type Route } from "../sandbox/route-table.js";
import {
  bearerToken,
  type ProviderSandbox,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import { SENDGRID_DEMO_ACCOUNT, SENDGRID_DEMO_SANDBOX } from "./sendgrid.demo.js";
import {
  ACCESS_FORBIDDEN,
  AUTHORIZATION_REQUIRED,
  bare,
  errorReply,
  GRANT_INVALID,
  METHOD_NOT_ALLOWED,
  NOT_FOUND,
  oneError,
  RateWindows,
  renderFault,
  TOO_MANY_REQUESTS,
} from "./sendgrid.sandbox-errors.js";
import { sendMail } from "./sendgrid.sandbox-mail.js";
import {
  DEFAULT_SCOPES,
  SendgridState,
  signingKeyFromSeed,
  type AcceptedMail,
  type Caller,
  type EventWebhookConfig,
} from "./sendgrid.sandbox-state.js";
import {
  getUsername,
  listScopes,
  toggleSigning,
  updateEventSettings,
} from "./sendgrid.sandbox-user.js";
import { optOut } from "./sendgrid.sandbox-webhooks.js";

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
  /** A new account, as a connection holds it: `{ apiKey }` and its verified `fromEmail`. */
  createConnection(): { secrets: { apiKey: string }; settings: { fromEmail: string } };
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

/** A caller whose request was counted: its rate-limit headers ride on every answer. */
type Metered = Caller & { rate: Record<string, string> };
type Handler = (request: SandboxRequest, caller: Caller, state: SendgridState) => SandboxReply;

const SETTINGS_SCOPE = "user.webhooks.event.settings.update";

/** A wire-faithful SendGrid v3 for the endpoints the connector uses. */
export function createSendgridSandbox(env: SandboxEnvironment): SendgridSandbox {
  const state = new SendgridState(env);
  const rates = new RateWindows();
  const now = () => env.now().getTime();
  const bucket = (request: SandboxRequest) =>
    `${state.caller(bearerToken(request))?.account.userId ?? "anonymous"}:${request.method} ${request.path}`;

  // The demo account is there from the start, its signing key derived from its public seed.
  const demo = state.addAccount({
    userId: SENDGRID_DEMO_SANDBOX.userId,
    username: SENDGRID_DEMO_SANDBOX.username,
    fromEmail: SENDGRID_DEMO_ACCOUNT.settings.fromEmail,
    signingKey: signingKeyFromSeed(SENDGRID_DEMO_SANDBOX.signingKeySeed),
  });
  state.addKey(demo, DEFAULT_SCOPES, SENDGRID_DEMO_ACCOUNT.secrets.apiKey);

  /** A route needing `scope` (none for /v3/scopes itself), as `GET /v3/scopes` names them. */
  const route = (
    method: Route<Metered>["method"],
    path: string,
    scope: string | undefined,
    handle: Handler,
  ): Route<Metered> => ({
    method,
    path,
    handle({ request, principal }) {
      const caller = principal!;
      if (scope && !caller.scopes.includes(scope)) {
        return bare(403, ACCESS_FORBIDDEN, caller.rate);
      }
      const reply = handle(request, caller, state);
      return { ...reply, headers: { ...reply.headers, ...caller.rate } };
    },
  });

  const dispatch = createRouteTable<Metered>({
    routes: [
      route("GET", "/v3/scopes", undefined, (_, caller) => listScopes(caller)),
      route("GET", "/v3/user/username", "user.username.read", (_, caller) => getUsername(caller)),
      route("PATCH", "/v3/user/webhooks/event/settings", SETTINGS_SCOPE, updateEventSettings),
      // The scope of the signing toggle is not documented; the settings scope is assumed.
      route("PATCH", "/v3/user/webhooks/event/settings/signed", SETTINGS_SCOPE, toggleSigning),
      route("POST", "/v3/mail/send", "mail.send", sendMail),
    ],
    // Auth first, then the key's rate window, then the route's scope.
    authenticate(request) {
      if (!request.headers.authorization) {
        return bare(401, AUTHORIZATION_REQUIRED, rates.peek(bucket(request), now()));
      }
      const caller = state.caller(bearerToken(request));
      if (!caller) {
        return errorReply(401, oneError(GRANT_INVALID), rates.peek(bucket(request), now()));
      }
      const rate = rates.take(bucket(request), now());
      return rate.allowed
        ? { ...caller, rate: rate.headers }
        : bare(429, TOO_MANY_REQUESTS, rate.headers);
    },
    notFound: () => errorReply(404, oneError(NOT_FOUND)),
    methodNotAllowed: () => errorReply(405, oneError(METHOD_NOT_ALLOWED)),
  });

  function createAccount(options: Parameters<SendgridSandbox["createAccount"]>[0] = {}) {
    const account = state.addAccount(options);
    return {
      apiKey: state.addKey(account, options.scopes ?? DEFAULT_SCOPES),
      fromEmail: account.fromEmail,
      userId: account.userId,
      username: account.username,
      publicKey: account.signingKey.publicKeyBase64,
    };
  }

  return {
    provider: "sendgrid",
    handle: dispatch,

    fault(kind, request, fault) {
      const headers = rates.peek(bucket(request), now());
      if (kind === "AUTH_EXPIRED" || kind === "AUTH_REVOKED") {
        // SendGrid keys never expire: either fault deletes the key, and the 401 is the same.
        state.keys.revoke(bearerToken(request) ?? "");
      }
      return renderFault(kind, fault, headers, now());
    },

    createAccount,
    createConnection() {
      const { apiKey, fromEmail } = createAccount();
      return { secrets: { apiKey }, settings: { fromEmail } };
    },
    createKey: (apiKey, scopes) => state.addKey(state.accountOf(apiKey), scopes),
    revokeKey: apiKey => state.keys.revoke(apiKey),
    verifySender: (apiKey, email) =>
      void state.accountOf(apiKey).verifiedSenders.add(email.toLowerCase()),
    sent: state.sent,
    eventWebhook: apiKey => state.accountOf(apiKey).webhook,
    unsubscribe(email, options = {}) {
      const event = options.group === undefined ? "unsubscribe" : "group_unsubscribe";
      optOut(state, email, event, options);
    },
    spamReport: (email, options = {}) => optOut(state, email, "spamreport", options),
    setRateLimit(limit) {
      rates.limit = limit;
    },
  };
}
