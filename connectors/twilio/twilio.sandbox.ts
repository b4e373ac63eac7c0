import { safeEqual } from "../kit/webhook-signatures.js";
import {
  basicCredentials,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import type { TwilioSandbox } from "./twilio.sandbox-controls.js";
import { createMessage, fetchMessage, listMessages } from "./twilio.sandbox-messages.js";
import { listNumbers, updateNumber } from "./twilio.sandbox-numbers.js";
import {
  newAuthToken,
  TwilioSandboxState,
  currentStep,
  type SandboxAccount,
} from "./twilio.sandbox-state.js";
import { receiveInbound } from "./twilio.sandbox-webhooks.js";
import {
  API_VERSION,
  accountJson,
  authenticate,
  notFound,
  numberJson,
  ok,
  twilioError,
} from "./twilio.sandbox-wire.js";

/**
 * A wire-faithful Twilio (REST API 2010-04-01, JSON) for SMS: Accounts fetch, Messages
 * create/fetch/list, IncomingPhoneNumbers list/fetch/update, HTTP Basic AccountSid:AuthToken,
 * Twilio's error bodies and pagination, signed status callbacks and inbound SMS.
 */

export type {
  TwilioSandbox,
  TwilioSandboxAccount,
  TwilioSentMessage,
} from "./twilio.sandbox-controls.js";

const DEMO_SID = "ACc0ffee00000000000000000000000d01";
const DEMO_TOKEN = "5a4db0c5000000000000000000000d3e";
const DEMO_NUMBER = "+15555550100";

/**
 * Always accepted, with no control call first: the `npm start` demo workspace uses it.
 * `secrets` and `settings` are a ready connection for `twilioConnector`.
 */
export const TWILIO_DEMO_ACCOUNT = {
  accountSid: DEMO_SID,
  authToken: DEMO_TOKEN,
  fromNumber: DEMO_NUMBER,
  phoneNumberSid: "PNc0ffee00000000000000000000000100",
  friendlyName: "Crosscast demo",
  secrets: { authToken: DEMO_TOKEN },
  settings: { accountSid: DEMO_SID, fromNumber: DEMO_NUMBER },
} as const;

const ROUTE =
  /^\/([^/]+)\/Accounts\/([^/]+?)(?:\/(Messages|IncomingPhoneNumbers)(?:\/([^/]+?))?)?\.json$/;

// Twilio's code for a method a resource does not support (20004), from memory (unverified).
const methodNotAllowed = () => twilioError(405, 20004, "Method not allowed");

export function createTwilioSandbox(env: SandboxEnvironment): TwilioSandbox {
  const state = new TwilioSandboxState(() => env.now());
  const ctx = { env, state };
  let numbersIssued = 0;

  const demo = state.addAccount({
    sid: TWILIO_DEMO_ACCOUNT.accountSid,
    authToken: TWILIO_DEMO_ACCOUNT.authToken,
    friendlyName: TWILIO_DEMO_ACCOUNT.friendlyName,
  });
  state.addNumber(demo.sid, TWILIO_DEMO_ACCOUNT.fromNumber, TWILIO_DEMO_ACCOUNT.phoneNumberSid);

  /** The account whose AccountSid:AuthToken the request carries, if they are current. */
  function caller(request: SandboxRequest): SandboxAccount | undefined {
    const credentials = basicCredentials(request);
    const account = credentials && state.accounts.get(credentials.user);
    return account && credentials && safeEqual(account.authToken, credentials.password)
      ? account
      : undefined;
  }

  function route(request: SandboxRequest): SandboxReply {
    const match = ROUTE.exec(request.path);
    if (!match || match[1] !== API_VERSION) {
      return notFound(request.path);
    }
    const [, , accountSid, collection, sid] = match;
    const account = caller(request);
    if (!account) {
      return authenticate();
    }
    if (accountSid !== account.sid) {
      // Another account's resources (subaccounts are not modelled); Twilio's answer unverified.
      return notFound(request.path);
    }
    const { method } = request;
    if (!collection) {
      return method === "GET" ? ok(accountJson(account)) : methodNotAllowed();
    }
    if (account.status !== "active") {
      return twilioError(403, 20403, "The account lacks permission to access the Twilio API.");
    }
    if (collection === "Messages") {
      if (!sid) {
        return method === "POST"
          ? createMessage(ctx, account, request)
          : method === "GET"
            ? listMessages(ctx, account, request)
            : methodNotAllowed();
      }
      return method === "GET" ? fetchMessage(ctx, account, sid, request) : methodNotAllowed();
    }
    if (!sid) {
      return method === "GET" ? listNumbers(ctx, account, request) : methodNotAllowed();
    }
    const number = state.numbers.get(sid);
    if (!number || number.accountSid !== account.sid) {
      return notFound(request.path);
    }
    if (method === "GET") {
      return ok(numberJson(number));
    }
    return method === "POST" ? updateNumber(ctx, number, request) : methodNotAllowed();
  }

  function rotate(accountSid: string): string {
    const account = state.account(accountSid);
    account.authToken = newAuthToken();
    account.dateUpdated = env.now();
    return account.authToken;
  }

  return {
    provider: "twilio",
    handle: route,

    fault(kind, request, fault) {
      switch (kind) {
        case "RATE_LIMITED":
          // REST concurrency limit: never processed. Twilio sends no Retry-After with it.
          return twilioError(
            429,
            20429,
            "Too Many Requests",
            fault.retryAfterSeconds !== undefined
              ? { "retry-after": String(fault.retryAfterSeconds) }
              : {},
          );
        case "UNAVAILABLE":
          return twilioError(503, 20503, "Service unavailable");
        case "AUTH_EXPIRED":
        case "AUTH_REVOKED": {
          // Twilio tokens do not expire; both render as the token being rotated away.
          const account = caller(request);
          if (account) {
            rotate(account.sid);
          }
          return authenticate();
        }
        case "PERMISSION_DENIED":
          return twilioError(403, 20403, "The account lacks permission to access the Twilio API.");
        case "INVALID_REQUEST":
          return request.method === "POST" && request.path.endsWith("/Messages.json")
            ? twilioError(400, 21211, "The 'To' number is not a valid phone number.")
            : twilioError(400, 400, "Bad Request");
      }
    },

    createAccount(options = {}) {
      numbersIssued += 1;
      const fromNumber = options.fromNumber ?? `+1555${String(2_000_000 + numbersIssued)}`;
      if (state.numberByPhone(fromNumber)) {
        throw new Error(`twilio sandbox: ${fromNumber} already belongs to an account`);
      }
      const account = state.addAccount({ friendlyName: options.friendlyName ?? "Sandbox account" });
      state.addNumber(account.sid, fromNumber);
      return { accountSid: account.sid, authToken: account.authToken, fromNumber };
    },
    addPhoneNumber: (accountSid, phoneNumber) =>
      state.addNumber(state.account(accountSid).sid, phoneNumber).sid,
    setAccountStatus(accountSid, status) {
      state.account(accountSid).status = status;
    },
    blockRegion(accountSid, prefix) {
      state.account(accountSid).blockedPrefixes.add(prefix);
    },
    rotateAuthToken: rotate,
    account(accountSid) {
      const { authToken, status, friendlyName } = state.account(accountSid);
      return { authToken, status, friendlyName };
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
