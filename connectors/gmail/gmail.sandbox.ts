import { randomBytes } from "node:crypto";
import { notFoundPage } from "../families/google/google.sandbox-errors.js";
import { createGoogleOAuthServer } from "../families/google/google.sandbox-oauth.js";
import { compilePath, createRouteTable, type Route } from "../sandbox/route-table.js";
import type { ProviderSandbox, SandboxEnvironment, SandboxRequest } from "../sandbox/sandbox.js";
import { GMAIL_DEMO_ACCOUNT, GMAIL_DEMO_TOKENS } from "./gmail.demo.js";
import { GMAIL_SCOPES } from "./gmail.oauth.js";
import { gmailErrors, renderApiFault } from "./gmail.sandbox-errors.js";
import { getMessage, getProfile, listMessages, receiveEmail } from "./gmail.sandbox-messages.js";
import { sendMessage } from "./gmail.sandbox-send.js";
import {
  GmailSandboxState,
  type GmailHandler,
  type GmailPrincipal,
  type MailboxMessage,
  type SentMessage,
} from "./gmail.sandbox-state.js";

/**
 * A wire-faithful Gmail: Google's OAuth server (the Google family's) and the Gmail REST methods
 * the connector uses, with Google's error bodies, scopes, rate limits and pagination. The sandbox
 * base `<host>/gmail` stands for Gmail's own `https://gmail.googleapis.com/gmail` (every Gmail path
 * begins with `/gmail/v1/…`, so the official SDK needs nothing but `rootUrl` = the sandbox base),
 * for `https://oauth2.googleapis.com` (`/token`, `/revoke`) and `https://accounts.google.com`
 * (`/o/oauth2/v2/auth`). Gmail sends no webhooks; bounces come back as mail in the sender's inbox.
 */
export interface GmailSandboxAccount {
  emailAddress: string;
  secrets: { accessToken: string; refreshToken: string };
  settings: { emailAddress: string };
}

export interface GmailSandbox extends ProviderSandbox {
  /** Every message `users.messages.send` accepted, oldest first (to assert exactly-once sends). */
  readonly sent: readonly SentMessage[];
  /** Consents for `emailAddress` out of band and returns fresh tokens (default scopes: the catalog's). */
  createAccount(options: { emailAddress: string; scopes?: readonly string[] }): GmailSandboxAccount;
  createConnection(): {
    secrets: GmailSandboxAccount["secrets"];
    settings: { emailAddress: string };
  };
  /** The account's mailbox (sent mail, bounces, mail from other sandbox accounts), newest first. */
  mailbox(emailAddress: string): readonly MailboxMessage[];
  /** Puts an email into the account's inbox (a reply, an "unsubscribe" answer). */
  receiveEmail(options: {
    to: string;
    from: string;
    subject: string;
    text: string;
  }): MailboxMessage;
  /** The access token stops working (its hour is over); refresh tokens still work. */
  expireAccessToken(accessToken: string): void;
  /** The user removed the app's access: every access and refresh token of the account dies. */
  revokeAccess(emailAddress: string): void;
  /** At most `perDay` sends per rolling day, then 429 "User-rate limit exceeded (Mail sending)". */
  setSendingLimit(emailAddress: string, perDay: number): void;
  /** At most `perMinute` API calls per minute, then 403 `userRateLimitExceeded`. */
  setQueryRate(emailAddress: string, perMinute: number): void;
}

const { full, compose, metadata, modify, readonly, send } = GMAIL_SCOPES;
const READ = [full, metadata, modify, readonly];

/** A Gmail method below `/gmail`, with the scopes any one of which allows it (discovery document). */
const method = (
  verb: "GET" | "POST",
  path: string,
  scopes: readonly string[],
  handle: GmailHandler,
) => ({ method: verb, path: `/v1/users/:userId${path}`, scopes, handle });
const METHODS = [
  method("GET", "/profile", [full, compose, metadata, modify, readonly], getProfile),
  method("POST", "/messages/send", [full, compose, modify, send], sendMessage),
  method("GET", "/messages", READ, listMessages),
  method("GET", "/messages/:id", READ, getMessage),
];
const COMPILED = METHODS.map(method => ({ ...method, ...compilePath(method.path) }));

/** The scopes the method of a request accepts (for an injected PERMISSION_DENIED). */
function scopesOf(request: SandboxRequest): readonly string[] {
  const method = COMPILED.find(m => m.method === request.method && m.pattern.test(request.path));
  return method?.scopes ?? [full];
}

export function createGmailSandbox(env: SandboxEnvironment): GmailSandbox {
  const now = () => env.now().getTime();
  const state = new GmailSandboxState();
  const context = { state, env };
  const connectorScopes = env.app.spec.oauth?.scopes ?? [send, readonly];
  const oauth = createGoogleOAuthServer({
    clientId: env.app.clientId ?? "",
    clientSecret: env.app.clientSecret ?? "",
    now,
    account: hint => state.account(hint ?? GMAIL_DEMO_ACCOUNT.externalAccountId).emailAddress,
  });
  const { grants } = oauth;
  // The demo account: fixed tokens standing for a real grant, accepted from the start.
  const demo = state.account(GMAIL_DEMO_ACCOUNT.externalAccountId).emailAddress;
  grants.registerFixed(demo, connectorScopes, GMAIL_DEMO_TOKENS);

  /** Token, then user (`me` or the token's own address, else "Delegation denied"). */
  function authenticate(request: SandboxRequest, params: Record<string, string>) {
    const auth = grants.check(request);
    if (!auth.ok) {
      return gmailErrors.unauthenticated(auth.missing);
    }
    const account = state.account(auth.grant.account);
    const userId = params.userId ?? "me";
    if (userId !== "me" && userId.toLowerCase() !== account.emailAddress) {
      return gmailErrors.delegationDenied(userId);
    }
    return { account, grant: auth.grant };
  }

  /** Then the token's scopes and the account's query rate, then the method itself. */
  const api = METHODS.map(({ method, path, scopes, handle }): Route<GmailPrincipal> => ({
    method,
    path,
    handle: ({ request, params, principal }) => {
      if (!principal) {
        return gmailErrors.unauthenticated(true);
      }
      if (!principal.grant.scopes.some(scope => scopes.includes(scope))) {
        return gmailErrors.insufficientScopes(scopes);
      }
      if (!state.allowQuery(principal.account, now())) {
        return gmailErrors.userRateLimited();
      }
      return handle(context, { request, params, principal });
    },
  }));
  const handle = createRouteTable<GmailPrincipal>({
    routes: [...oauth.routes<GmailPrincipal>(), ...api],
    authenticate,
    // The URL as requested: the sandbox is mounted at /gmail, the first segment of Gmail's paths.
    notFound: request => notFoundPage(`/gmail${request.path}`),
  });

  function createAccount({
    emailAddress,
    scopes = connectorScopes,
  }: {
    emailAddress: string;
    scopes?: readonly string[];
  }) {
    const grant = grants.grantFor(state.account(emailAddress).emailAddress, scopes);
    return {
      emailAddress: grant.account,
      secrets: { accessToken: grant.accessToken, refreshToken: grant.refreshToken },
      settings: { emailAddress: grant.account },
    };
  }

  return {
    provider: "gmail",
    handle,
    fault: (kind, request, fault) =>
      oauth.serves(request.path)
        ? oauth.fault(kind, request, fault.retryAfterSeconds)
        : renderApiFault(kind, request, fault, {
            now: env.now(),
            tokens: grants.authority,
            scopes: scopesOf(request),
          }),
    get sent() {
      return state.sent;
    },
    createAccount,
    createConnection() {
      const { secrets, settings } = createAccount({
        emailAddress: `user-${randomBytes(6).toString("hex")}@crosscast-sandbox.test`,
      });
      return { secrets, settings };
    },
    mailbox: emailAddress => state.visible(state.account(emailAddress), now()),
    receiveEmail: email => receiveEmail(context, email),
    expireAccessToken: accessToken => grants.authority.expire(accessToken),
    revokeAccess: emailAddress => grants.revokeAccount(state.account(emailAddress).emailAddress),
    setSendingLimit(emailAddress, perDay) {
      state.account(emailAddress).sendingLimit = { perDay, sentAt: [] };
    },
    setQueryRate(emailAddress, perMinute) {
      state.account(emailAddress).queryRate = { perMinute, calls: [] };
    },
  };
}
