import { isRecord, records, str } from "../../../../connectors/kit/json.js";
import { createRouteTable, type Route } from "../../../../connectors/sandbox/route-table.js";
import {
  basicCredentials,
  bearerToken,
  formBody,
  type ProviderSandbox,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import { TokenStore } from "../../../../connectors/sandbox/token-store.js";
import { EXAMPLE_SOCIAL } from "./example-social.catalog.js";
import { EXAMPLE_SOCIAL_DEMO_ACCOUNT } from "./example-social.demo.js";
import { ExampleSocialState, newId, type SandboxAccount } from "./example-social.sandbox-state.js";
import { signExampleSocial } from "./example-social.webhooks.js";

/**
 * A wire-faithful fake of Example Social API v1: bearer tokens that expire after an hour and
 * refresh with single-use refresh tokens (HTTP Basic client authentication), asynchronous
 * publishing (202, PROCESSING, then PUBLISHED or FAILED two status delays later, announced by a
 * signed webhook), `{error:{code,message}}` bodies and 429 with Retry-After.
 */
export interface ExampleSocialSandbox extends ProviderSandbox {
  createConnection(): { secrets: Record<string, string>; settings: Record<string, string> };
  /** How many publishes the network holds for Crosscast's post id (a lost one is never made twice). */
  publishesFor(clientRef: string): number;
}

const ACCESS_TTL_SECONDS = 3600;
const SCOPES = ["profile.read", "posts.read", "posts.write"];
const MAX_TEXT = 500;

let requests = 0;
const requestId = () => `req_${process.pid}_${(requests += 1)}`;

function reply(status: number, body?: unknown, headers: Record<string, string> = {}): SandboxReply {
  return { status, headers: { "x-request-id": requestId(), ...headers }, body };
}

const error = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  reply(status, { error: { code, message } }, headers);

function jsonOf(request: SandboxRequest): unknown {
  try {
    return JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return undefined;
  }
}

export function createExampleSocialSandbox(env: SandboxEnvironment): ExampleSocialSandbox {
  const state = new ExampleSocialState(() => env.now());
  const clock = () => env.now().getTime();
  const accessTokens = new TokenStore(clock);
  const refreshTokens = new TokenStore(clock);
  const processingMs = () => 2 * env.statusDelayMs;

  const demo = EXAMPLE_SOCIAL_DEMO_ACCOUNT;
  state.addAccount({
    id: demo.externalAccountId,
    handle: "crosscast_demo",
    name: "Crosscast",
    followers: 1200,
  });
  accessTokens.register(demo.secrets.accessToken!, demo.externalAccountId, { scopes: SCOPES });

  function grant(accountId: string) {
    const access = accessTokens.issue(accountId, {
      prefix: "esoc_at_",
      scopes: SCOPES,
      ttlSeconds: ACCESS_TTL_SECONDS,
    });
    const refresh = refreshTokens.issue(accountId, { prefix: "esoc_rt_", scopes: SCOPES });
    return { access: access.value, refresh: refresh.value };
  }

  function announce(
    type: string,
    accountId: string,
    data: Record<string, unknown>,
    delayMs: number,
  ) {
    const url = env.appWebhookUrl();
    const secret = env.app.webhookSecret;
    if (!url || !secret) {
      return;
    }
    const created = Math.floor((clock() + delayMs) / 1000);
    const body = JSON.stringify({
      id: newId("evt"),
      type,
      created,
      data: { account_id: accountId, ...data },
    });
    env.webhooks.send({
      url,
      headers: {
        "content-type": "application/json",
        "example-signature": signExampleSocial(secret, created, body),
      },
      body,
      delayMs,
    });
  }

  function createPost(account: SandboxAccount, request: SandboxRequest): SandboxReply {
    const body = jsonOf(request);
    if (!isRecord(body)) {
      return error(400, "invalid_request", "The body must be a JSON object.");
    }
    const clientRef = str(body, "client_ref");
    const text = str(body, "text");
    const media = records(body.media).map(item => ({
      url: str(item, "url") ?? "",
      type: str(item, "type") ?? "",
    }));
    if (!clientRef || clientRef.length > 64) {
      return error(400, "invalid_post", "client_ref is required (at most 64 characters).");
    }
    if ((text ?? "").length > MAX_TEXT) {
      return error(400, "invalid_post", `text is longer than ${MAX_TEXT} characters.`);
    }
    if (!text && media.length === 0) {
      return error(400, "invalid_post", "A post needs text or media.");
    }
    if (
      media.length > 4 ||
      media.some(item => !/^https?:\/\//.test(item.url) || !["image", "video"].includes(item.type))
    ) {
      return error(
        400,
        "invalid_post",
        "media: at most 4 items, each an http(s) url of an image or a video.",
      );
    }
    const unreachable = media.find(item => item.url.includes("unreachable"));
    const accepted = env.now();
    const publish = {
      id: newId("pub"),
      accountId: account.id,
      clientRef,
      ...(text ? { text } : {}),
      media,
      acceptedAt: accepted,
      readyAt: new Date(accepted.getTime() + processingMs()),
      postId: newId("post"),
      ...(unreachable
        ? { failure: { code: "media_unreachable", message: `Could not fetch ${unreachable.url}.` } }
        : {}),
    };
    state.publishes.set(publish.id, publish);
    announce(
      publish.failure ? "publish.failed" : "publish.completed",
      account.id,
      {
        publish_id: publish.id,
        client_ref: clientRef,
        ...(publish.failure
          ? { code: publish.failure.code, message: publish.failure.message }
          : { post_id: publish.postId, permalink: state.permalink(publish, env.baseUrl()) }),
      },
      processingMs(),
    );
    // Accepted is PROCESSING, however long the work above took.
    return reply(202, state.publishJson(publish, env.baseUrl(), "PROCESSING"));
  }

  function tokenGrant(request: SandboxRequest): SandboxReply {
    const client = basicCredentials(request);
    if (client?.user !== env.app.clientId || client?.password !== env.app.clientSecret) {
      return reply(401, {
        error: "invalid_client",
        error_description: "Client authentication failed.",
      });
    }
    const form = formBody(request);
    if (form.get("grant_type") !== "refresh_token") {
      return reply(400, { error: "unsupported_grant_type" });
    }
    const used = refreshTokens.check(form.get("refresh_token") ?? undefined);
    if (!used.ok) {
      return reply(400, {
        error: "invalid_grant",
        error_description: `The refresh token is ${used.reason}.`,
      });
    }
    refreshTokens.revoke(used.credential.value); // single use
    const fresh = grant(used.credential.principal);
    return reply(200, {
      access_token: fresh.access,
      token_type: "bearer",
      expires_in: ACCESS_TTL_SECONDS,
      refresh_token: fresh.refresh,
      scope: SCOPES.join(" "),
    });
  }

  const owned = (account: SandboxAccount | undefined, id: string | undefined) =>
    !!account && account.id === id;

  const routes: Array<Route<SandboxAccount>> = [
    {
      method: "GET",
      path: "/v1/me",
      handle: ({ principal }) =>
        reply(200, {
          id: principal!.id,
          handle: principal!.handle,
          name: principal!.name,
          followers_count: principal!.followers,
          avatar_url: `${env.baseUrl()}/avatars/${principal!.id}.png`,
        }),
    },
    {
      method: "POST",
      path: "/v1/accounts/:account/posts",
      handle: ({ principal, params, request }) =>
        owned(principal, params.account)
          ? createPost(principal!, request)
          : error(404, "not_found", "No such account."),
    },
    {
      method: "GET",
      path: "/v1/accounts/:account/publishes",
      handle: ({ principal, params, request }) => {
        if (!owned(principal, params.account)) {
          return error(404, "not_found", "No such account.");
        }
        const clientRef = request.query.get("client_ref");
        const since = Date.parse(request.query.get("since") ?? "");
        const found = [...state.publishes.values()].filter(
          publish =>
            publish.accountId === principal!.id &&
            (!clientRef || publish.clientRef === clientRef) &&
            (Number.isNaN(since) || publish.acceptedAt.getTime() >= since),
        );
        return reply(200, {
          data: found.map(publish => state.publishJson(publish, env.baseUrl())),
        });
      },
    },
    {
      method: "GET",
      path: "/v1/publishes/:id",
      handle: ({ principal, params }) => {
        const publish = state.publishes.get(params.id ?? "");
        return publish && owned(principal, publish.accountId)
          ? reply(200, state.publishJson(publish, env.baseUrl()))
          : error(404, "not_found", "No such publish.");
      },
    },
    {
      method: "GET",
      path: "/v1/posts/metrics",
      handle: ({ principal, request }) => {
        const ids = (request.query.get("ids") ?? "").split(",").filter(Boolean);
        if (ids.length === 0 || ids.length > 100) {
          return error(400, "invalid_request", "ids: between 1 and 100 post ids.");
        }
        const posts = ids
          .flatMap(id => state.post(id) ?? [])
          .filter(post => owned(principal, post.accountId));
        return reply(200, { data: posts.map(post => state.metrics(post)) });
      },
    },
    {
      method: "DELETE",
      path: "/v1/posts/:id",
      handle: ({ principal, params }) => {
        const post = state.post(params.id ?? "");
        if (!post || !owned(principal, post.accountId)) {
          return error(404, "not_found", "No such post.");
        }
        post.deleted = true;
        return reply(204);
      },
    },
    {
      method: "POST",
      path: "/oauth/token",
      auth: "public",
      handle: ({ request }) => tokenGrant(request),
    },
  ];

  const dispatch = createRouteTable<SandboxAccount>({
    routes,
    authenticate(request) {
      const checked = accessTokens.check(bearerToken(request));
      if (!checked.ok) {
        return checked.reason === "expired"
          ? error(401, "token_expired", "The access token expired.")
          : error(401, "invalid_token", "The access token is invalid or was revoked.");
      }
      return (
        state.accounts.get(checked.credential.principal) ??
        error(401, "invalid_token", "No such account.")
      );
    },
    notFound: () => error(404, "not_found", "No such endpoint."),
    methodNotAllowed: () => error(405, "method_not_allowed", "Method not allowed."),
  });

  /** An injected auth fault changes the credential the request carries, as a real one would. */
  function authFault(kind: "AUTH_EXPIRED" | "AUTH_REVOKED", request: SandboxRequest): SandboxReply {
    if (request.path === "/oauth/token") {
      const refresh = formBody(request).get("refresh_token") ?? undefined;
      refreshTokens.applyFault("AUTH_REVOKED", refresh);
      return reply(400, {
        error: "invalid_grant",
        error_description: "The refresh token was revoked.",
      });
    }
    const token = bearerToken(request);
    const held = accessTokens.check(token);
    accessTokens.applyFault(kind, token);
    if (kind === "AUTH_EXPIRED") {
      return error(401, "token_expired", "The access token expired.");
    }
    if (held.ok) {
      // The user removed the app: every token of the account dies, refresh tokens included.
      accessTokens.revokePrincipal(held.credential.principal);
      refreshTokens.revokePrincipal(held.credential.principal);
    }
    return error(401, "invalid_token", "The access token was revoked.");
  }

  return {
    provider: EXAMPLE_SOCIAL.key,
    handle: dispatch,
    fault(kind, request, fault) {
      switch (kind) {
        case "RATE_LIMITED":
          return error(429, "rate_limited", "Too many requests.", {
            "retry-after": String(fault.retryAfterSeconds ?? 60),
            "x-rate-limit-remaining": "0",
          });
        case "UNAVAILABLE":
          return error(503, "service_unavailable", "Example Social is temporarily unavailable.");
        case "AUTH_EXPIRED":
        case "AUTH_REVOKED":
          return authFault(kind, request);
        case "PERMISSION_DENIED":
          return error(403, "insufficient_scope", "The token lacks the scope this call needs.");
        case "INVALID_REQUEST":
          return error(400, "invalid_request", "The request is malformed.");
      }
    },
    createConnection() {
      const account = state.addAccount({
        id: newId("acct"),
        handle: `sandbox_${state.accounts.size}`,
        name: "Sandbox account",
        followers: 42,
      });
      const tokens = grant(account.id);
      return {
        secrets: { accessToken: tokens.access, refreshToken: tokens.refresh },
        settings: { accountId: account.id, handle: account.handle },
      };
    },
    publishesFor: clientRef =>
      [...state.publishes.values()].filter(p => p.clientRef === clientRef).length,
  };
}
