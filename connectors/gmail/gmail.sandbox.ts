import { OAuthAuthority } from "../sandbox/oauth-authority.js";
import {
  bearerToken,
  type ProviderSandbox,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import { apiRoutes, matchRoute, serveApi, type ApiDeps } from "./gmail.sandbox-api.js";
import { notFoundPage } from "./gmail.sandbox-errors.js";
import { createFaultRenderer } from "./gmail.sandbox-faults.js";
import { parseMime } from "./gmail.sandbox-mime.js";
import {
  authorize,
  grantFor,
  revoke,
  revokeAccount,
  token,
  type OAuthDeps,
} from "./gmail.sandbox-oauth.js";
import { GmailSandboxState, type MailboxMessage, type SentMessage } from "./gmail.sandbox-state.js";
import { GMAIL_CONNECTOR_SCOPES } from "./gmail.scopes.js";

/**
 * A wire-faithful Gmail: Google's OAuth server (consent, token, revoke) and the Gmail REST
 * methods the connector uses, with Google's error bodies, scopes, rate limits and pagination.
 * Served under `/gmail` + the real paths (`/o/oauth2/v2/auth`, `/token`, `/gmail/v1/users/…`).
 * Gmail sends no webhooks; bounces come back as mail in the sender's inbox.
 */
const DEFAULT_ACCOUNT = "sandbox@crosscast-sandbox.test";

/** Credentials the sandbox always accepts (the demo workspace of `npm start` uses them). */
export const GMAIL_DEMO_ACCOUNT = {
  externalAccountId: DEFAULT_ACCOUNT,
  displayName: DEFAULT_ACCOUNT,
  secrets: {
    accessToken: "ya29.crosscast-sandbox-demo-access-token",
    refreshToken: "1//crosscast-sandbox-demo-refresh-token",
  },
  settings: { emailAddress: DEFAULT_ACCOUNT },
} as const;

/** What `createAccount` hands a test: the account's tokens, as a connection would hold them. */
export interface GmailSandboxAccount {
  emailAddress: string;
  secrets: { accessToken: string; refreshToken: string };
  settings: { emailAddress: string };
}

export interface GmailSandbox extends ProviderSandbox {
  /** Every message `users.messages.send` accepted, oldest first (to assert exactly-once sends). */
  readonly sent: readonly SentMessage[];
  /** Consents for `emailAddress` out of band and returns fresh tokens (default scopes: the connector's). */
  createAccount(options: { emailAddress: string; scopes?: readonly string[] }): GmailSandboxAccount;
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

export function createGmailSandbox(env: SandboxEnvironment): GmailSandbox {
  const clientId = env.app.clientId ?? "";
  const clientSecret = env.app.clientSecret ?? "";
  const now = () => env.now().getTime();
  const state = new GmailSandboxState();
  const authority = new OAuthAuthority({
    clientId,
    clientSecret,
    accessTtlSeconds: 3599,
    refresh: "reusable",
    requirePkce: true,
    accessPrefix: "ya29.",
    refreshPrefix: "1//",
    now,
  });
  const oauth: OAuthDeps = {
    state,
    authority,
    clientId,
    clientSecret,
    defaultAccount: DEFAULT_ACCOUNT,
    now,
  };
  const api: ApiDeps = {
    state,
    env,
    check(request) {
      const result = authority.check(bearerToken(request));
      return result.ok ? result : { ok: false, missing: result.reason === "missing" };
    },
  };
  const routes = apiRoutes(api);

  // The demo account: a fixed access token, and a fixed refresh token standing for a real grant.
  const demo = GMAIL_DEMO_ACCOUNT.externalAccountId;
  const demoGrant = grantFor(oauth, demo, GMAIL_CONNECTOR_SCOPES);
  state.refreshAliases.set(GMAIL_DEMO_ACCOUNT.secrets.refreshToken, demoGrant.refreshToken);
  authority.register(GMAIL_DEMO_ACCOUNT.secrets.accessToken, demo, [...GMAIL_CONNECTOR_SCOPES]);
  state.trackAccess(demo, GMAIL_DEMO_ACCOUNT.secrets.accessToken);

  function handle(request: SandboxRequest): SandboxReply {
    if (request.path === "/o/oauth2/v2/auth" && request.method === "GET") {
      return authorize(request, oauth);
    }
    if (request.path === "/token" && request.method === "POST") {
      return token(request, oauth);
    }
    if (request.path === "/revoke" && request.method === "POST") {
      return revoke(request, oauth);
    }
    const found = matchRoute(routes, request);
    return found ? serveApi(api, request, found) : notFoundPage(request.path);
  }

  const fault = createFaultRenderer({ env, oauth, routes });

  return {
    provider: "gmail",
    handle,
    fault,
    get sent() {
      return state.sent;
    },
    createAccount({ emailAddress, scopes = GMAIL_CONNECTOR_SCOPES }) {
      const grant = grantFor(oauth, emailAddress, scopes);
      return {
        emailAddress: grant.account,
        secrets: { accessToken: grant.accessToken, refreshToken: grant.refreshToken },
        settings: { emailAddress: grant.account },
      };
    },
    mailbox: emailAddress => state.visible(state.account(emailAddress), now()),
    receiveEmail({ to, from, subject, text }) {
      const raw = Buffer.from(
        [
          `From: ${from}`,
          `To: ${to}`,
          `Subject: ${subject}`,
          `Date: ${env.now().toUTCString()}`,
          `Message-ID: <${state.newId()}@sandbox.example>`,
          'Content-Type: text/plain; charset="UTF-8"',
          "",
          text,
        ].join("\r\n"),
        "utf8",
      );
      return state.store(state.account(to), {
        labelIds: ["INBOX", "UNREAD"],
        internalDate: now(),
        raw,
        mime: parseMime(raw),
        visibleAt: now(),
      });
    },
    expireAccessToken: accessToken => authority.expire(accessToken),
    revokeAccess: emailAddress => revokeAccount(oauth, state.account(emailAddress).emailAddress),
    setSendingLimit(emailAddress, perDay) {
      state.account(emailAddress).sendingLimit = { perDay, sentAt: [] };
    },
    setQueryRate(emailAddress, perMinute) {
      state.account(emailAddress).queryRate = { perMinute, calls: [] };
    },
  };
}
