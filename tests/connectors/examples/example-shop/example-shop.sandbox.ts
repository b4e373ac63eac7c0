import { randomBytes } from "node:crypto";
import { createRouteTable, type Route } from "../../../../connectors/sandbox/route-table.js";
import type {
  ProviderSandbox,
  SandboxEnvironment,
  SandboxReply,
  SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import { TokenStore } from "../../../../connectors/sandbox/token-store.js";
import { jsonOf } from "../support/sandbox-json.js";
import { EXAMPLE_SHOP } from "./example-shop.catalog.js";
import { EXAMPLE_SHOP_DEMO_ACCOUNT } from "./example-shop.demo.js";
import { currentBulk, downloadBulk, fetchBulk, startBulk } from "./example-shop.sandbox-bulk.js";
import { createDiscount, searchDiscounts } from "./example-shop.sandbox-discounts.js";
import { errors, INVALID_TOKEN, renderFault, reply } from "./example-shop.sandbox-errors.js";
import { issue, tokenGrant } from "./example-shop.sandbox-oauth.js";
import { API, list, updateConsent } from "./example-shop.sandbox-records.js";
import {
  COLLECTIONS,
  ExampleShopState,
  type SandboxContext,
  type SandboxShop,
} from "./example-shop.sandbox-state.js";

/**
 * A wire-faithful fake of the Example Shop Admin API 2026-10: `X-Example-Access-Token` with
 * one-hour tokens and single-use refresh tokens, `X-Example-Shop-Domain`, `{errors}` bodies, 429
 * with Retry-After, `updated_at` reads paged by a cursor in the Link header, bulk exports that run
 * for two status delays and then serve a signed JSONL link, discounts with unique codes, and
 * `customers/update` webhooks signed with the app's client secret.
 */
export interface ExampleShopSandbox extends ProviderSandbox {
  createConnection(): { secrets: Record<string, string>; settings: Record<string, string> };
  /** Discounts the shop holds whose title carries Crosscast's marker. */
  discountsFor(marker: string): number;
}

export function createExampleShopSandbox(env: SandboxEnvironment): ExampleShopSandbox {
  const clock = () => env.now().getTime();
  const state = new ExampleShopState(clock);
  const accessTokens = new TokenStore(clock);
  const refreshTokens = new TokenStore(clock);
  const linkKey = randomBytes(16).toString("hex");
  const ctx: SandboxContext = { env, state, accessTokens, refreshTokens, linkKey };

  const demo = EXAMPLE_SHOP_DEMO_ACCOUNT;
  state.addShop(demo.externalAccountId, demo.displayName);
  accessTokens.register(demo.secrets.accessToken!, demo.externalAccountId);

  const route = (
    method: Route<SandboxShop>["method"],
    path: string,
    handle: (
      shop: SandboxShop,
      request: SandboxRequest,
      params: Record<string, string>,
    ) => SandboxReply,
  ): Route<SandboxShop> => ({
    method,
    path: `${API}/${path}`,
    handle: ({ principal, request, params }) => handle(principal!, request, params),
  });

  const routes: Array<Route<SandboxShop>> = [
    route("GET", "shop.json", shop =>
      reply(200, {
        shop: {
          domain: shop.domain,
          name: shop.name,
          currency: shop.currency,
          iana_timezone: shop.timezone,
          email: `owner@${shop.domain}`,
        },
      }),
    ),
    route("POST", "bulk_operations.json", (shop, request) => startBulk(ctx, shop, jsonOf(request))),
    route("GET", "bulk_operations/current.json", shop => currentBulk(ctx, shop)),
    route("GET", "bulk_operations/:id.json", (shop, _request, params) =>
      fetchBulk(ctx, shop, params),
    ),
    ...COLLECTIONS.map(collection =>
      route("GET", `${collection}.json`, (shop, request) => list(ctx, shop, collection, request)),
    ),
    route("PUT", "customers/:id.json", (shop, request, params) =>
      updateConsent(ctx, shop, params.id ?? "", jsonOf(request)),
    ),
    route("POST", "discounts.json", (shop, request) => createDiscount(ctx, shop, jsonOf(request))),
    route("GET", "discounts.json", searchDiscounts),
    {
      method: "GET",
      path: "/bulk/:id.jsonl",
      auth: "public",
      handle: ({ request, params }) => downloadBulk(ctx, request, params),
    },
    {
      method: "POST",
      path: "/admin/oauth/access_token",
      auth: "public",
      handle: ({ request }) => tokenGrant(ctx, request),
    },
  ];

  const dispatch = createRouteTable<SandboxShop>({
    routes,
    authenticate(request) {
      const checked = accessTokens.check(request.headers["x-example-access-token"]);
      const shop = checked.ok ? state.shops.get(checked.credential.principal) : undefined;
      // Expired, revoked or another shop's: the shop says only that it does not take the token.
      return shop && shop.domain === request.headers["x-example-shop-domain"]
        ? shop
        : errors(401, INVALID_TOKEN);
    },
    notFound: () => errors(404, "Not Found"),
    methodNotAllowed: () => errors(406, "Not Acceptable"),
  });

  return {
    provider: EXAMPLE_SHOP.key,
    handle: dispatch,
    fault: (kind, request, fault) => renderFault(ctx, kind, request, fault),
    createConnection() {
      const domain = `sandbox-${randomBytes(4).toString("hex")}.example-shop.test`;
      state.addShop(domain, "Sandbox shop");
      const tokens = issue(ctx, domain);
      return {
        secrets: { accessToken: tokens.access_token, refreshToken: tokens.refresh_token },
        settings: { shopDomain: domain },
      };
    },
    discountsFor: marker =>
      [...state.shops.values()]
        .flatMap(shop => [...shop.discounts.values()])
        .filter(d => String(d.title).endsWith(`[${marker}]`)).length,
  };
}
