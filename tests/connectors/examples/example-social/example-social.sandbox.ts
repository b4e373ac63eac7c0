import { createRouteTable, type Route } from "../../../../connectors/sandbox/route-table.js";
import {
  bearerToken,
  type ProviderSandbox,
  type SandboxEnvironment,
} from "../../../../connectors/sandbox/sandbox.js";
import { TokenStore } from "../../../../connectors/sandbox/token-store.js";
import { EXAMPLE_SOCIAL } from "./example-social.catalog.js";
import { EXAMPLE_SOCIAL_DEMO_ACCOUNT } from "./example-social.demo.js";
import { error, renderFault, reply } from "./example-social.sandbox-errors.js";
import { grant, SCOPES, tokenGrant } from "./example-social.sandbox-oauth.js";
import {
  createPost,
  deletePost,
  fetchPublish,
  listPublishes,
  owned,
  postMetrics,
} from "./example-social.sandbox-posts.js";
import {
  ExampleSocialState,
  newId,
  type SandboxAccount,
  type SandboxContext,
} from "./example-social.sandbox-state.js";

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

export function createExampleSocialSandbox(env: SandboxEnvironment): ExampleSocialSandbox {
  const state = new ExampleSocialState(() => env.now());
  const clock = () => env.now().getTime();
  const accessTokens = new TokenStore(clock);
  const refreshTokens = new TokenStore(clock);
  const ctx: SandboxContext = { env, state, accessTokens, refreshTokens };

  const demo = EXAMPLE_SOCIAL_DEMO_ACCOUNT;
  state.addAccount({
    id: demo.externalAccountId,
    handle: "crosscast_demo",
    name: "Crosscast",
    followers: 1200,
  });
  accessTokens.register(demo.secrets.accessToken!, demo.externalAccountId, { scopes: SCOPES });

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
          ? createPost(ctx, principal!, request)
          : error(404, "not_found", "No such account."),
    },
    {
      method: "GET",
      path: "/v1/accounts/:account/publishes",
      handle: ({ principal, params, request }) => listPublishes(ctx, principal, request, params),
    },
    {
      method: "GET",
      path: "/v1/publishes/:id",
      handle: ({ principal, params }) => fetchPublish(ctx, principal, params),
    },
    {
      method: "GET",
      path: "/v1/posts/metrics",
      handle: ({ principal, request }) => postMetrics(ctx, principal, request),
    },
    {
      method: "DELETE",
      path: "/v1/posts/:id",
      handle: ({ principal, params }) => deletePost(ctx, principal, params),
    },
    {
      method: "POST",
      path: "/oauth/token",
      auth: "public",
      handle: ({ request }) => tokenGrant(ctx, request),
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

  return {
    provider: EXAMPLE_SOCIAL.key,
    handle: dispatch,
    fault: (kind, request, fault) => renderFault(ctx, kind, request, fault),
    createConnection() {
      const account = state.addAccount({
        id: newId("acct"),
        handle: `sandbox_${state.accounts.size}`,
        name: "Sandbox account",
        followers: 42,
      });
      const tokens = grant(ctx, account.id);
      return {
        secrets: { accessToken: tokens.access, refreshToken: tokens.refresh },
        settings: { accountId: account.id, handle: account.handle },
      };
    },
    publishesFor: clientRef =>
      [...state.publishes.values()].filter(p => p.clientRef === clientRef).length,
  };
}
