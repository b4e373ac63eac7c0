import type { Secrets, Settings } from "../kit/contracts/index.js";
import { createRouteTable, type Route, type RouteParams } from "../sandbox/route-table.js";
import {
  basicCredentials,
  type ProviderSandbox,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import { TWILIO_DEMO_SANDBOX } from "./twilio.demo.js";
import { fetchAccount } from "./twilio.sandbox-accounts.js";
import {
  authenticate,
  forbidden,
  methodNotAllowed,
  notFound,
  renderFault,
} from "./twilio.sandbox-errors.js";
import { createMessage, fetchMessage, listMessages } from "./twilio.sandbox-messages.js";
import { fetchNumber, listNumbers, updateNumber } from "./twilio.sandbox-numbers.js";
import {
  API_VERSION,
  currentStep,
  TwilioSandboxState,
  type AccountStatus,
  type SandboxAccount,
  type SandboxContext,
} from "./twilio.sandbox-state.js";
import { receiveInbound, type InboundResult, type InboundSms } from "./twilio.sandbox-webhooks.js";

/**
 * A wire-faithful Twilio (REST API 2010-04-01, JSON) for SMS: Accounts fetch, Messages
 * create/fetch/list, IncomingPhoneNumbers list/fetch/update, HTTP Basic AccountSid:AuthToken,
 * Twilio's error bodies and pagination, signed status callbacks and inbound SMS.
 */

/** The demo account with its sandbox fields, under the name tests and the bench import. */

/** What tests (and the demo) drive the Twilio sandbox with, besides its HTTP API. */
export interface TwilioSandboxAccount {
  accountSid: string;
  authToken: string;
  fromNumber: string;
}

/** An outbound message as the sandbox accepted it. */
export interface TwilioSentMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  contentSid?: string;
  contentVariables?: string;
  statusCallback?: string;
  status: string;
}

export interface TwilioSandbox extends ProviderSandbox {
  /** A new account (as `createAccount()`), as a connection holds it. */
  createConnection(): { secrets: Secrets; settings: Settings };
  /** A new active account owning one SMS number (`fromNumber`, generated unless given). */
  createAccount(options?: { friendlyName?: string; fromNumber?: string }): TwilioSandboxAccount;
  /** Gives the account another number; returns its PN SID. */
  addPhoneNumber(accountSid: string, phoneNumber: string): string;
  /** Suspends or closes an account (Accounts fetch shows it; other calls get 403/20403). */
  setAccountStatus(accountSid: string, status: AccountStatus): void;
  /** Turns off SMS geo permission for destinations starting with `prefix` (error 21408). */
  blockRegion(accountSid: string, prefix: string): void;
  /** Replaces the auth token, as the Console's token rotation does; returns the new one. */
  rotateAuthToken(accountSid: string): string;
  /** The account's current state (its auth token after a rotation, say). */
  account(accountSid: string): { authToken: string; status: AccountStatus; friendlyName: string };
  /** The number's inbound settings, as `register` left them. */
  phoneNumber(phoneNumber: string): { sid: string; smsUrl: string | null; smsMethod: string };
  /** Every outbound message accepted, oldest first (only one account's when given). */
  sentMessages(accountSid?: string): TwilioSentMessage[];
  /** An SMS from a subscriber to one of the sandbox's numbers (STOP opts them out). */
  receive(input: InboundSms): InboundResult;
  /** Whether `recipient` opted out of messages from `sender`. */
  isOptedOut(sender: string, recipient: string): boolean;
}

type Handler = (
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
  params: RouteParams,
) => SandboxReply;

export function createTwilioSandbox(env: SandboxEnvironment): TwilioSandbox {
  const state = new TwilioSandboxState(() => env.now());
  const ctx: SandboxContext = { env, state };
  let numbersIssued = 0;

  const demo = state.addAccount({
    sid: TWILIO_DEMO_SANDBOX.accountSid,
    authToken: TWILIO_DEMO_SANDBOX.authToken,
    friendlyName: TWILIO_DEMO_SANDBOX.friendlyName,
  });
  state.addNumber(demo.sid, TWILIO_DEMO_SANDBOX.fromNumber, TWILIO_DEMO_SANDBOX.phoneNumberSid);

  /** The account whose AccountSid:AuthToken the request carries, if they are current. */
  function caller(request: SandboxRequest): SandboxAccount | undefined {
    const credentials = basicCredentials(request);
    const checked = state.tokens.checkBasic(credentials?.user, credentials?.password);
    return checked.ok ? state.accounts.get(checked.credential.principal) : undefined;
  }

  /** A route under `/2010-04-01/Accounts/{AccountSid}`; only the account fetch serves any status. */
  const route = (
    method: Route<SandboxAccount>["method"],
    path: string,
    handler: Handler,
    anyStatus = false,
  ): Route<SandboxAccount> => ({
    method,
    path: `/${API_VERSION}/Accounts/:accountSid${path}`,
    handle: ({ request, params, principal }) =>
      !anyStatus && principal!.status !== "active"
        ? forbidden()
        : handler(ctx, principal!, request, params),
  });

  const handle = createRouteTable<SandboxAccount>({
    routes: [
      route("GET", ".json", fetchAccount, true),
      route("POST", "/Messages.json", createMessage),
      route("GET", "/Messages.json", listMessages),
      route("GET", "/Messages/:sid.json", fetchMessage),
      route("GET", "/IncomingPhoneNumbers.json", listNumbers),
      route("GET", "/IncomingPhoneNumbers/:sid.json", fetchNumber),
      route("POST", "/IncomingPhoneNumbers/:sid.json", updateNumber),
    ],
    authenticate(request, params) {
      const account = caller(request);
      if (!account) {
        return authenticate();
      }
      // Another account's resources (subaccounts are not modelled); Twilio's answer unverified.
      return params.accountSid === account.sid ? account : notFound(request);
    },
    notFound,
    // Credentials are checked first, as for any other request to a known resource.
    methodNotAllowed: request => (caller(request) ? methodNotAllowed() : authenticate()),
  });

  function createAccount(options: { friendlyName?: string; fromNumber?: string } = {}) {
    numbersIssued += 1;
    const fromNumber = options.fromNumber ?? `+1555${String(2_000_000 + numbersIssued)}`;
    if (state.numberByPhone(fromNumber)) {
      throw new Error(`twilio sandbox: ${fromNumber} already belongs to an account`);
    }
    const account = state.addAccount({ friendlyName: options.friendlyName ?? "Sandbox account" });
    state.addNumber(account.sid, fromNumber);
    return { accountSid: account.sid, authToken: state.authToken(account.sid), fromNumber };
  }

  return {
    provider: "twilio",
    handle,

    fault(kind, request, fault) {
      const account =
        kind === "AUTH_EXPIRED" || kind === "AUTH_REVOKED" ? caller(request) : undefined;
      if (account) {
        // Twilio tokens do not expire: both render as the token being rotated away.
        state.rotateAuthToken(account.sid);
      }
      return renderFault(kind, request, fault);
    },

    createConnection() {
      const { accountSid, authToken, fromNumber } = createAccount();
      return { secrets: { authToken }, settings: { accountSid, fromNumber } };
    },

    createAccount,
    addPhoneNumber: (accountSid, phoneNumber) =>
      state.addNumber(state.account(accountSid).sid, phoneNumber).sid,
    setAccountStatus(accountSid, status) {
      state.account(accountSid).status = status;
    },
    blockRegion(accountSid, prefix) {
      state.account(accountSid).blockedPrefixes.add(prefix);
    },
    rotateAuthToken: accountSid => state.rotateAuthToken(accountSid),
    account(accountSid) {
      const { status, friendlyName } = state.account(accountSid);
      return { authToken: state.authToken(accountSid), status, friendlyName };
    },
    phoneNumber(phoneNumber) {
      const number = state.numberByPhone(phoneNumber);
      if (!number) {
        throw new Error(`twilio sandbox: no account owns ${phoneNumber}`);
      }
      return { sid: number.sid, smsUrl: number.smsUrl, smsMethod: number.smsMethod };
    },
    sentMessages(accountSid) {
      const now = env.now();
      return state.messages
        .filter(m => m.direction === "outbound-api" && (!accountSid || m.accountSid === accountSid))
        .map(m => ({
          sid: m.sid,
          accountSid: m.accountSid,
          to: m.to,
          from: m.from,
          body: m.body,
          ...(m.contentSid ? { contentSid: m.contentSid } : {}),
          ...(m.contentVariables ? { contentVariables: m.contentVariables } : {}),
          ...(m.statusCallback ? { statusCallback: m.statusCallback } : {}),
          status: currentStep(m, now).status,
        }));
    },
    receive: input => receiveInbound(ctx, input),
    isOptedOut: (sender, recipient) => state.isOptedOut(sender, recipient),
  };
}
