import type { Grant } from "../sandbox/oauth-authority.js";
import type { SandboxEnvironment, SandboxReply, SandboxRequest } from "../sandbox/sandbox.js";
import { gmailErrors } from "./gmail.sandbox-errors.js";
import { messageResource } from "./gmail.sandbox-message.js";
import { sendMessage } from "./gmail.sandbox-send.js";
import {
  matchesQuery,
  type GmailSandboxState,
  type SandboxAccount,
} from "./gmail.sandbox-state.js";
import { GMAIL_SCOPES } from "./gmail.scopes.js";

/**
 * The Gmail REST methods the sandbox serves, under /gmail/v1/users/{userId}/…: getProfile,
 * messages.send, messages.list and messages.get. Each checks the bearer token, the user (`me`
 * or the token's own address, else "Delegation denied"), the token's scopes (per the discovery
 * document) and the account's query rate before answering.
 */
export interface ApiDeps {
  state: GmailSandboxState;
  env: SandboxEnvironment;
  /** The bearer token's grant, or why there is none. */
  check(request: SandboxRequest): { ok: true; grant: Grant } | { ok: false; missing: boolean };
}

export interface ApiRoute {
  method: "GET" | "POST";
  /** Scopes any one of which allows the call. */
  scopes: readonly string[];
  handle(request: SandboxRequest, account: SandboxAccount, grant: Grant, id?: string): SandboxReply;
}

const { full, compose, metadata, modify, readonly, send } = GMAIL_SCOPES;

/** gmail.metadata reads headers and labels only: no search, no bodies (wording unverified). */
function readsContent(grant: Grant): boolean {
  return grant.scopes.some(scope => scope === full || scope === modify || scope === readonly);
}

function profile(deps: ApiDeps): ApiRoute["handle"] {
  return (_request, account) => {
    const messages = deps.state.visible(account, deps.env.now().getTime());
    return {
      status: 200,
      body: {
        emailAddress: account.emailAddress,
        messagesTotal: messages.length,
        threadsTotal: new Set(messages.map(m => m.threadId)).size,
        historyId: String(account.historyId),
      },
    };
  };
}

function list(deps: ApiDeps): ApiRoute["handle"] {
  return (request, account, grant) => {
    const q = request.query.get("q") ?? "";
    if (q && !readsContent(grant)) {
      return gmailErrors.forbidden("Metadata scope does not support 'q' parameter");
    }
    const rawMax = request.query.get("maxResults");
    if (rawMax !== null && !/^\d+$/.test(rawMax)) {
      return gmailErrors.invalidArgument(
        `Invalid value at 'max_results' (TYPE_UINT32), "${rawMax}"`,
      );
    }
    const max = Math.min(500, Number(rawMax) || 100);
    const pageToken = request.query.get("pageToken");
    const offset = pageToken ? deps.state.readPageToken(pageToken) : 0;
    if (offset === undefined) {
      return gmailErrors.invalidArgument("Invalid pageToken");
    }
    const labels = request.query.getAll("labelIds").map(label => label.toUpperCase());
    const matching = deps.state
      .visible(account, deps.env.now().getTime())
      .filter(m => labels.every(label => m.labelIds.includes(label)))
      .filter(m => matchesQuery(m, q));
    const page = matching.slice(offset, offset + max);
    const next = offset + max < matching.length ? deps.state.pageToken(offset + max) : undefined;
    return {
      status: 200,
      body: {
        ...(page.length ? { messages: page.map(m => ({ id: m.id, threadId: m.threadId })) } : {}),
        ...(next ? { nextPageToken: next } : {}),
        resultSizeEstimate: matching.length,
      },
    };
  };
}

function get(deps: ApiDeps): ApiRoute["handle"] {
  return (request, account, grant, id = "") => {
    if (!/^[0-9a-f]{1,32}$/i.test(id)) {
      return gmailErrors.invalidArgument("Invalid id value");
    }
    const message = deps.state
      .visible(account, deps.env.now().getTime())
      .find(candidate => candidate.id === id);
    if (!message) {
      return gmailErrors.notFound();
    }
    const format = (request.query.get("format") ?? "full").toLowerCase();
    if (!["full", "metadata", "minimal", "raw"].includes(format)) {
      return gmailErrors.invalidArgument(`Invalid value at 'format', "${format}"`);
    }
    if (!readsContent(grant) && (format === "full" || format === "raw")) {
      return gmailErrors.forbidden(`Metadata scope doesn't allow format ${format.toUpperCase()}`);
    }
    const only = request.query.getAll("metadataHeaders");
    return { status: 200, body: messageResource(message, format, only) };
  };
}

export function apiRoutes(deps: ApiDeps): Record<string, ApiRoute> {
  return {
    profile: {
      method: "GET",
      scopes: [full, compose, metadata, modify, readonly],
      handle: profile(deps),
    },
    "messages/send": {
      method: "POST",
      scopes: [full, compose, modify, send],
      handle: (request, account) => sendMessage(deps, request, account),
    },
    messages: { method: "GET", scopes: [full, metadata, modify, readonly], handle: list(deps) },
    "messages/{id}": {
      method: "GET",
      scopes: [full, metadata, modify, readonly],
      handle: get(deps),
    },
  };
}

/** `/gmail/v1/users/{userId}/{rest}` → the route, or undefined for a URL Gmail does not serve. */
export function matchRoute(
  routes: Record<string, ApiRoute>,
  request: SandboxRequest,
): { route: ApiRoute; userId: string; id?: string } | undefined {
  const match = /^\/gmail\/v1\/users\/([^/]+)\/(profile|messages(?:\/([^/]+))?)$/.exec(
    request.path,
  );
  if (!match?.[1] || !match[2]) {
    return undefined;
  }
  const userId = decodeURIComponent(match[1]);
  const key = match[3] && match[3] !== "send" ? "messages/{id}" : match[2];
  const route = routes[key];
  return route && route.method === request.method
    ? { route, userId, ...(match[3] && key === "messages/{id}" ? { id: match[3] } : {}) }
    : undefined;
}

/** Authentication, delegation, scopes and quota, then the method itself. */
export function serveApi(
  deps: ApiDeps,
  request: SandboxRequest,
  found: NonNullable<ReturnType<typeof matchRoute>>,
): SandboxReply {
  const auth = deps.check(request);
  if (!auth.ok) {
    return gmailErrors.unauthenticated(auth.missing);
  }
  const account = deps.state.account(auth.grant.account);
  if (found.userId !== "me" && found.userId.toLowerCase() !== account.emailAddress) {
    return gmailErrors.delegationDenied(found.userId);
  }
  if (!auth.grant.scopes.some(scope => found.route.scopes.includes(scope))) {
    return gmailErrors.insufficientScopes(found.route.scopes);
  }
  if (!deps.state.allowQuery(account, deps.env.now().getTime())) {
    return gmailErrors.userRateLimited();
  }
  return found.route.handle(request, account, auth.grant, found.id);
}
