import type { JsonRecord } from "../../../../connectors/kit/json.js";
import { createRouteTable, type Route } from "../../../../connectors/sandbox/route-table.js";
import type {
  ProviderSandbox,
  SandboxEnvironment,
  SandboxReply,
  SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import { TokenStore } from "../../../../connectors/sandbox/token-store.js";
import { jsonOf } from "../support/sandbox-json.js";
import { EXAMPLE_ADS } from "./example-ads.catalog.js";
import { EXAMPLE_ADS_DEMO_ACCOUNT, EXAMPLE_ADS_DEMO_ADVERTISER } from "./example-ads.demo.js";
import { adGroupJson, adJson, createAdGroup } from "./example-ads.sandbox-adgroups.js";
import { listAdvertisers, listed } from "./example-ads.sandbox-advertisers.js";
import {
  campaignJson,
  createCampaign,
  updateBudget,
  updateStatus,
} from "./example-ads.sandbox-campaigns.js";
import { answer, invalid, ok, renderFault } from "./example-ads.sandbox-errors.js";
import { ACCESS_TTL_SECONDS, tokenGrant } from "./example-ads.sandbox-oauth.js";
import { checkReport, createReport, reportResult } from "./example-ads.sandbox-reports.js";
import {
  ExampleAdsState,
  type SandboxContext,
  type SandboxUser,
} from "./example-ads.sandbox-state.js";

/**
 * A wire-faithful fake of Example Ads Open API v1.3: every answer HTTP 200 in the
 * `{code,message,request_id,data}` envelope, the `Access-Token` header with one-day tokens and a
 * reusable refresh token, campaigns → ad groups → ads with the platform's validation, ads
 * reviewed two status delays after creation (announced by a signed webhook), and report tasks
 * that are QUEUING, then SUCCESS with paged rows.
 */
export interface ExampleAdsSandbox extends ProviderSandbox {
  createConnection(): { secrets: Record<string, string>; settings: Record<string, string> };
  /** Campaigns (and ad groups) the platform holds for Crosscast's marker. */
  madeFor(marker: string): { campaigns: number; adGroups: number };
}

const API = "/open_api/v1.3";

export function createExampleAdsSandbox(env: SandboxEnvironment): ExampleAdsSandbox {
  const state = new ExampleAdsState(() => env.now());
  const clock = () => env.now().getTime();
  const accessTokens = new TokenStore(clock);
  const refreshTokens = new TokenStore(clock);
  const ctx: SandboxContext = { env, state, accessTokens, refreshTokens };

  state.advertisers.set(EXAMPLE_ADS_DEMO_ADVERTISER.id, { ...EXAMPLE_ADS_DEMO_ADVERTISER });
  state.users.set(EXAMPLE_ADS_DEMO_ACCOUNT.externalAccountId, {
    id: EXAMPLE_ADS_DEMO_ACCOUNT.externalAccountId,
    name: EXAMPLE_ADS_DEMO_ACCOUNT.displayName,
    advertiserIds: [EXAMPLE_ADS_DEMO_ADVERTISER.id],
  });
  accessTokens.register(
    EXAMPLE_ADS_DEMO_ACCOUNT.secrets.accessToken!,
    EXAMPLE_ADS_DEMO_ACCOUNT.externalAccountId,
  );

  const get = (
    path: string,
    handle: (user: SandboxUser, request: SandboxRequest) => SandboxReply,
  ): Route<SandboxUser> => ({
    method: "GET",
    path: `${API}/${path}/`,
    handle: ({ principal, request }) => handle(principal!, request),
  });
  const post = (
    path: string,
    handle: (user: SandboxUser, body: JsonRecord) => SandboxReply,
  ): Route<SandboxUser> => ({
    method: "POST",
    path: `${API}/${path}/`,
    handle: ({ principal, request }) => handle(principal!, jsonOf(request)),
  });

  const routes: Array<Route<SandboxUser>> = [
    get("user/info", user => ok({ core_user_id: user.id, display_name: user.name })),
    get("advertiser/get", user => listAdvertisers(ctx, user)),
    get("campaign/get", listed(ctx, "campaign", state.campaigns, campaignJson)),
    get(
      "adgroup/get",
      listed(ctx, "adgroup", state.adGroups, adGroupJson, group => [
        "campaign_ids",
        group.campaignId,
      ]),
    ),
    get(
      "ad/get",
      listed(ctx, "ad", state.ads, adJson(ctx), ad => ["adgroup_ids", ad.adGroupId]),
    ),
    post("campaign/create", (user, body) => createCampaign(ctx, user, body)),
    post("adgroup/create", (user, body) => createAdGroup(ctx, user, body)),
    post("campaign/status/update", (user, body) => updateStatus(ctx, user, "campaign", body)),
    post("adgroup/status/update", (user, body) => updateStatus(ctx, user, "adgroup", body)),
    post("ad/status/update", (user, body) => updateStatus(ctx, user, "ad", body)),
    post("campaign/budget/update", (user, body) => updateBudget(ctx, user, "campaign", body)),
    post("adgroup/budget/update", (user, body) => updateBudget(ctx, user, "adgroup", body)),
    post("ad/budget/update", () =>
      invalid("Ads have no budget: set it on the campaign or the ad group."),
    ),
    post("report/task/create", (user, body) => createReport(ctx, user, body)),
    get("report/task/check", (user, request) => checkReport(ctx, user, request)),
    get("report/task/result", (user, request) => reportResult(ctx, user, request)),
    {
      method: "POST",
      path: `${API}/oauth2/refresh_token/`,
      auth: "public",
      handle: ({ request }) => tokenGrant(ctx, request),
    },
  ];

  const dispatch = createRouteTable<SandboxUser>({
    routes,
    authenticate(request) {
      const checked = accessTokens.check(request.headers["access-token"]);
      if (!checked.ok) {
        return checked.reason === "expired"
          ? answer(40101, "The access token has expired.")
          : answer(40102, "The access token is invalid or was revoked.");
      }
      return state.users.get(checked.credential.principal) ?? answer(40102, "No such user.");
    },
    notFound: () => answer(40404, "No such API."),
  });

  return {
    provider: EXAMPLE_ADS.key,
    handle: dispatch,
    fault: (kind, request, fault) => renderFault(ctx, kind, request, fault),
    createConnection() {
      const user: SandboxUser = { id: state.id(69), name: "Sandbox marketer", advertiserIds: [] };
      for (const [currency, timezone] of [
        ["USD", "America/New_York"],
        ["EUR", "Europe/Paris"],
      ] as const) {
        const advertiser = {
          id: state.id(70),
          name: `Sandbox ${currency} advertiser`,
          currency,
          timezone,
        };
        state.advertisers.set(advertiser.id, advertiser);
        user.advertiserIds.push(advertiser.id);
      }
      state.users.set(user.id, user);
      const access = accessTokens.issue(user.id, {
        prefix: "eads_at_",
        ttlSeconds: ACCESS_TTL_SECONDS,
      });
      const refresh = refreshTokens.issue(user.id, { prefix: "eads_rt_" });
      return { secrets: { accessToken: access.value, refreshToken: refresh.value }, settings: {} };
    },
    madeFor(marker) {
      const count = (source: Map<string, { externalId?: string }>) =>
        [...source.values()].filter(item => item.externalId === marker).length;
      return { campaigns: count(state.campaigns), adGroups: count(state.adGroups) };
    },
  };
}
