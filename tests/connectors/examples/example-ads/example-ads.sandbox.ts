import {
  int,
  isRecord,
  rec,
  str,
  strings,
  type JsonRecord,
} from "../../../../connectors/kit/json.js";
import { createRouteTable, type Route } from "../../../../connectors/sandbox/route-table.js";
import {
  formBody,
  type ProviderSandbox,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import { TokenStore } from "../../../../connectors/sandbox/token-store.js";
import { EXAMPLE_ADS } from "./example-ads.catalog.js";
import { EXAMPLE_ADS_DEMO_ACCOUNT, EXAMPLE_ADS_DEMO_ADVERTISER } from "./example-ads.demo.js";
import {
  daysBetween,
  dayMetrics,
  ExampleAdsState,
  MIN_BUDGET,
  type SandboxAd,
  type SandboxAdGroup,
  type SandboxCampaign,
  type SandboxUser,
} from "./example-ads.sandbox-state.js";
import { signExampleAds } from "./example-ads.webhooks.js";

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
const ACCESS_TTL_SECONDS = 86_400;
const OBJECTIVES = ["TRAFFIC", "CONVERSIONS", "REACH", "VIDEO_VIEWS", "LEAD_GENERATION"];
const BUDGET_MODES = ["BUDGET_MODE_DAY", "BUDGET_MODE_TOTAL"];
const OPERATIONS = ["ENABLE", "DISABLE", "ARCHIVE"] as const;
const PAGE_SIZE_MAX = 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

let requests = 0;
const requestId = () => `2026${process.pid}${String((requests += 1)).padStart(8, "0")}`;

/** Every answer: HTTP 200 and the envelope. */
const answer = (code: number, message: string, data: JsonRecord = {}): SandboxReply => ({
  status: 200,
  body: { code, message, request_id: requestId(), data },
});
const ok = (data: JsonRecord = {}) => answer(0, "OK", data);
const invalid = (message: string) => answer(40002, message);
const denied = () => answer(40001, "No permission to operate this advertiser.");

function jsonOf(request: SandboxRequest): JsonRecord {
  try {
    const value: unknown = JSON.parse(request.rawBody.toString("utf8"));
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

function paged<T>(request: SandboxRequest, items: T[], render: (item: T) => JsonRecord) {
  const page = Math.max(1, Number(request.query.get("page") ?? 1) || 1);
  const size = Math.min(
    PAGE_SIZE_MAX,
    Math.max(1, Number(request.query.get("page_size") ?? 10) || 10),
  );
  const slice = items.slice((page - 1) * size, page * size);
  return ok({
    list: slice.map(render),
    page_info: {
      page,
      page_size: size,
      total_number: items.length,
      total_page: Math.max(1, Math.ceil(items.length / size)),
    },
  });
}

function filtering(request: SandboxRequest): JsonRecord {
  try {
    const value: unknown = JSON.parse(request.query.get("filtering") ?? "{}");
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

/** Whether `item` passes the list's `filtering` (`<key>_ids` and `external_ids`). */
function kept(
  filter: JsonRecord,
  item: { id: string; externalId?: string },
  idKey: string,
  parent?: [string, string],
) {
  const ids = strings(filter[idKey]);
  const external = strings(filter.external_ids);
  const parents = parent ? strings(filter[parent[0]]) : [];
  return (
    (ids.length === 0 || ids.includes(item.id)) &&
    (external.length === 0 || (!!item.externalId && external.includes(item.externalId))) &&
    (!parent || parents.length === 0 || parents.includes(parent[1]))
  );
}

export function createExampleAdsSandbox(env: SandboxEnvironment): ExampleAdsSandbox {
  const state = new ExampleAdsState(() => env.now());
  const clock = () => env.now().getTime();
  const accessTokens = new TokenStore(clock);
  const refreshTokens = new TokenStore(clock);
  const reviewMs = () => 2 * env.statusDelayMs;

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

  /** The advertiser a request names, if the user reaches it. */
  function advertiserOf(user: SandboxUser, id: string | undefined) {
    return id && user.advertiserIds.includes(id) ? state.advertisers.get(id) : undefined;
  }

  function campaignJson(campaign: SandboxCampaign): JsonRecord {
    return {
      campaign_id: campaign.id,
      advertiser_id: campaign.advertiserId,
      campaign_name: campaign.name,
      objective_type: campaign.objective,
      budget_mode: campaign.budgetMode,
      budget: campaign.budget.toFixed(2),
      operation_status: campaign.status,
      ...(campaign.externalId ? { external_id: campaign.externalId } : {}),
    };
  }

  function adGroupJson(group: SandboxAdGroup): JsonRecord {
    return {
      adgroup_id: group.id,
      campaign_id: group.campaignId,
      adgroup_name: group.name,
      operation_status: group.status,
      ...group.targeting,
      ...(group.budget !== undefined
        ? { budget_mode: group.budgetMode, budget: group.budget.toFixed(2) }
        : {}),
      ...(group.externalId ? { external_id: group.externalId } : {}),
    };
  }

  const adJson = (ad: SandboxAd): JsonRecord => ({
    ad_id: ad.id,
    adgroup_id: ad.adGroupId,
    ad_name: ad.name,
    operation_status: ad.status,
    review_status: state.reviewStatus(ad),
    ...(ad.externalId ? { external_id: ad.externalId } : {}),
  });

  /** Budget fields as the platform checks them: a known mode and at least the minimum. */
  function budgetOf(body: JsonRecord): { budgetMode: string; budget: number } | string {
    const budgetMode = str(body, "budget_mode") ?? "";
    const budget = body.budget;
    if (!BUDGET_MODES.includes(budgetMode) || typeof budget !== "number") {
      return "budget_mode and a numeric budget are required.";
    }
    return budget < MIN_BUDGET
      ? `The budget must be at least ${MIN_BUDGET.toFixed(2)}.`
      : { budgetMode, budget };
  }

  function createCampaign(user: SandboxUser, body: JsonRecord): SandboxReply {
    const advertiser = advertiserOf(user, str(body, "advertiser_id"));
    if (!advertiser) {
      return denied();
    }
    const name = str(body, "campaign_name") ?? "";
    const objective = str(body, "objective_type") ?? "";
    const budget = budgetOf(body);
    if (!name || name.length > 512) {
      return invalid("campaign_name: 1 to 512 characters.");
    }
    if (!OBJECTIVES.includes(objective)) {
      return invalid(`objective_type: one of ${OBJECTIVES.join(", ")}.`);
    }
    if (typeof budget === "string") {
      return invalid(budget);
    }
    const externalId = str(body, "external_id");
    const campaign: SandboxCampaign = {
      id: state.id(17),
      advertiserId: advertiser.id,
      name,
      objective,
      ...budget,
      status: str(body, "operation_status") === "ENABLE" ? "ENABLE" : "DISABLE",
      ...(externalId ? { externalId } : {}),
    };
    state.campaigns.set(campaign.id, campaign);
    return ok({ campaign_id: campaign.id });
  }

  function createAdGroup(user: SandboxUser, body: JsonRecord): SandboxReply {
    const campaign = state.campaigns.get(str(body, "campaign_id") ?? "");
    if (
      !campaign ||
      !advertiserOf(user, campaign.advertiserId) ||
      campaign.advertiserId !== str(body, "advertiser_id")
    ) {
      return denied();
    }
    const ad = rec(body, "ad");
    const creative = ad && rec(ad, "creative");
    const type = creative && str(creative, "type");
    const media = creative && str(creative, "media_url");
    if (
      !creative ||
      !(type === "SPARK"
        ? str(creative, "post_id")
        : (type === "IMAGE" || type === "VIDEO") && media && /^https?:\/\//.test(media))
    ) {
      return invalid(
        "ad.creative: an IMAGE or VIDEO with an http(s) media_url, or SPARK with a post_id.",
      );
    }
    const ageMin = int(body, "age_min") ?? 13;
    const ageMax = int(body, "age_max") ?? 65;
    if (ageMin < 13 || ageMax > 65 || ageMin > ageMax) {
      return invalid("age_min and age_max: between 13 and 65, min no more than max.");
    }
    const start = str(body, "schedule_start_time");
    const end = str(body, "schedule_end_time");
    if (start && end && Date.parse(end) <= Date.parse(start)) {
      return invalid("schedule_end_time must be after schedule_start_time.");
    }
    const externalId = str(body, "external_id");
    const group: SandboxAdGroup = {
      id: state.id(18),
      advertiserId: campaign.advertiserId,
      campaignId: campaign.id,
      name: str(body, "adgroup_name") ?? "Ad group",
      status: "ENABLE",
      targeting: {
        location_ids: strings(body.location_ids),
        languages: strings(body.languages),
        interest_ids: strings(body.interest_ids),
        keywords: strings(body.keywords),
        ...(int(body, "age_min") !== undefined ? { age_min: ageMin } : {}),
        ...(int(body, "age_max") !== undefined ? { age_max: ageMax } : {}),
        ...(start ? { schedule_start_time: start } : {}),
        ...(end ? { schedule_end_time: end } : {}),
      },
      ...(externalId ? { externalId } : {}),
    };
    const words = `${str(creative, "headline") ?? ""} ${str(creative, "text") ?? ""}`;
    const made: SandboxAd = {
      id: state.id(19),
      advertiserId: campaign.advertiserId,
      adGroupId: group.id,
      name: str(ad, "ad_name") ?? "Ad",
      status: "ENABLE",
      creative,
      reviewedAt: new Date(clock() + reviewMs()),
      rejected: /reject/i.test(words),
      ...(str(ad, "external_id") ? { externalId: str(ad, "external_id") } : {}),
    };
    state.adGroups.set(group.id, group);
    state.ads.set(made.id, made);
    announceReview(made, campaign);
    return ok({ adgroup_id: group.id, ad_id: made.id });
  }

  /** The review's outcome, sent when it ends (the ad's own status is its campaign's gate). */
  function announceReview(ad: SandboxAd, campaign: SandboxCampaign) {
    const url = env.appWebhookUrl();
    const secret = env.app.webhookSecret;
    if (!url || !secret) {
      return;
    }
    const body = JSON.stringify({
      event_id: state.id(30),
      event: "AD_REVIEW",
      advertiser_id: ad.advertiserId,
      campaign_id: campaign.id,
      ad_id: ad.id,
      review_status: ad.rejected ? "REJECTED" : "APPROVED",
      operation_status: campaign.status === "ENABLE" ? ad.status : "DISABLE",
      ...(ad.rejected ? { reject_reason: "The creative violates the advertising policy." } : {}),
      timestamp: Math.floor(ad.reviewedAt.getTime() / 1000),
    });
    env.webhooks.send({
      url,
      headers: {
        "content-type": "application/json",
        "x-example-signature": signExampleAds(secret, body),
      },
      body,
      delayMs: reviewMs(),
    });
  }

  const LEVELS = {
    campaign: state.campaigns,
    adgroup: state.adGroups,
    ad: state.ads,
  } as const;

  function updateStatus(
    user: SandboxUser,
    level: keyof typeof LEVELS,
    body: JsonRecord,
  ): SandboxReply {
    const operation = OPERATIONS.find(value => value === str(body, "operation_status"));
    const ids = strings(body.ids);
    if (!operation || ids.length === 0) {
      return invalid(`ids and operation_status (${OPERATIONS.join(", ")}) are required.`);
    }
    const targets = ids.map(id => LEVELS[level].get(id));
    if (targets.some(target => !target || !advertiserOf(user, target.advertiserId))) {
      return denied();
    }
    targets.forEach(target => target && (target.status = operation));
    return ok();
  }

  function updateBudget(
    user: SandboxUser,
    level: "campaign" | "adgroup",
    body: JsonRecord,
  ): SandboxReply {
    const target = (level === "campaign" ? state.campaigns : state.adGroups).get(
      str(body, "id") ?? "",
    );
    if (!target || !advertiserOf(user, target.advertiserId)) {
      return denied();
    }
    const budget = budgetOf(body);
    if (typeof budget === "string") {
      return invalid(budget);
    }
    Object.assign(target, budget);
    return ok();
  }

  function createReport(user: SandboxUser, body: JsonRecord): SandboxReply {
    const advertiser = advertiserOf(user, str(body, "advertiser_id"));
    if (!advertiser) {
      return denied();
    }
    const level = (["CAMPAIGN", "ADGROUP", "AD"] as const).find(
      value => value === str(body, "level"),
    );
    const from = str(body, "start_date") ?? "";
    const to = str(body, "end_date") ?? "";
    if (
      !level ||
      !DAY.test(from) ||
      !DAY.test(to) ||
      from > to ||
      daysBetween(from, to).length > 365
    ) {
      return invalid("level, and start_date to end_date (YYYY-MM-DD) spanning at most 365 days.");
    }
    const ids = Array.isArray(body.ids) ? strings(body.ids) : undefined;
    const task = {
      id: state.id(40),
      advertiserId: advertiser.id,
      level,
      from,
      to,
      ...(ids ? { ids } : {}),
      readyAt: new Date(clock() + reviewMs()),
    };
    state.tasks.set(task.id, task);
    return ok({ task_id: task.id });
  }

  function taskOf(user: SandboxUser, request: SandboxRequest) {
    const task = state.tasks.get(request.query.get("task_id") ?? "");
    return task &&
      advertiserOf(user, task.advertiserId) &&
      task.advertiserId === request.query.get("advertiser_id")
      ? task
      : undefined;
  }

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
  /** `GET /<level>/get/`: one advertiser's objects at a level, filtered and paged. */
  const listed = <T extends { advertiserId: string; id: string; externalId?: string }>(
    level: string,
    source: Map<string, T>,
    render: (item: T) => JsonRecord,
    parent?: (item: T) => [string, string],
  ) =>
    get(`${level}/get`, (user, request) => {
      const advertiserId = request.query.get("advertiser_id") ?? "";
      if (!advertiserOf(user, advertiserId)) {
        return denied();
      }
      const filter = filtering(request);
      const items = [...source.values()].filter(
        item =>
          item.advertiserId === advertiserId && kept(filter, item, `${level}_ids`, parent?.(item)),
      );
      return paged(request, items, render);
    });

  const routes: Array<Route<SandboxUser>> = [
    get("user/info", user => ok({ core_user_id: user.id, display_name: user.name })),
    get("advertiser/get", user =>
      ok({
        list: user.advertiserIds.flatMap(id => {
          const advertiser = state.advertisers.get(id);
          return advertiser
            ? [
                {
                  advertiser_id: advertiser.id,
                  advertiser_name: advertiser.name,
                  currency: advertiser.currency,
                  timezone: advertiser.timezone,
                },
              ]
            : [];
        }),
      }),
    ),
    listed("campaign", state.campaigns, campaignJson),
    listed("adgroup", state.adGroups, adGroupJson, group => ["campaign_ids", group.campaignId]),
    listed("ad", state.ads, adJson, ad => ["adgroup_ids", ad.adGroupId]),
    post("campaign/create", createCampaign),
    post("adgroup/create", createAdGroup),
    post("campaign/status/update", (user, body) => updateStatus(user, "campaign", body)),
    post("adgroup/status/update", (user, body) => updateStatus(user, "adgroup", body)),
    post("ad/status/update", (user, body) => updateStatus(user, "ad", body)),
    post("campaign/budget/update", (user, body) => updateBudget(user, "campaign", body)),
    post("adgroup/budget/update", (user, body) => updateBudget(user, "adgroup", body)),
    post("ad/budget/update", () =>
      invalid("Ads have no budget: set it on the campaign or the ad group."),
    ),
    post("report/task/create", createReport),
    get("report/task/check", (user, request) => {
      const task = taskOf(user, request);
      if (!task) {
        return invalid("No such task.");
      }
      return ok({ task_id: task.id, status: env.now() < task.readyAt ? "QUEUING" : "SUCCESS" });
    }),
    get("report/task/result", (user, request) => {
      const task = taskOf(user, request);
      if (!task || env.now() < task.readyAt) {
        return invalid(task ? "The task is not finished." : "No such task.");
      }
      const rows = state.reportObjects(task).flatMap(({ key, id }) =>
        daysBetween(task.from, task.to).map(day => ({
          dimensions: { [key]: id, stat_day: day },
          metrics: dayMetrics(id, day),
        })),
      );
      return paged(request, rows, row => row);
    }),
    {
      method: "POST",
      path: `${API}/oauth2/refresh_token/`,
      auth: "public",
      handle: ({ request }) => tokenGrant(request),
    },
  ];

  function tokenGrant(request: SandboxRequest): SandboxReply {
    const form = formBody(request);
    if (
      form.get("client_id") !== env.app.clientId ||
      form.get("client_secret") !== env.app.clientSecret
    ) {
      return answer(40001, "The app's credentials are invalid.");
    }
    if (form.get("grant_type") !== "refresh_token") {
      return invalid("grant_type must be refresh_token.");
    }
    const used = refreshTokens.check(form.get("refresh_token") ?? undefined);
    if (!used.ok) {
      return answer(40104, `The refresh token is ${used.reason}.`);
    }
    // Reusable: the same refresh token comes back, and stays valid.
    const access = accessTokens.issue(used.credential.principal, {
      prefix: "eads_at_",
      ttlSeconds: ACCESS_TTL_SECONDS,
    });
    return ok({
      access_token: access.value,
      refresh_token: used.credential.value,
      expires_in: ACCESS_TTL_SECONDS,
      scope: "ads.read,ads.manage,reports.read",
    });
  }

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

  function authFault(kind: "AUTH_EXPIRED" | "AUTH_REVOKED", request: SandboxRequest): SandboxReply {
    if (request.path.endsWith("/oauth2/refresh_token/")) {
      refreshTokens.revoke(formBody(request).get("refresh_token") ?? "");
      return answer(40104, "The refresh token was revoked.");
    }
    const token = request.headers["access-token"];
    const held = accessTokens.check(token);
    accessTokens.applyFault(kind, token);
    if (kind === "AUTH_EXPIRED") {
      return answer(40101, "The access token has expired.");
    }
    if (held.ok) {
      // The user revoked the app: every token of the user dies, refresh tokens included.
      accessTokens.revokePrincipal(held.credential.principal);
      refreshTokens.revokePrincipal(held.credential.principal);
    }
    return answer(40102, "The access token was revoked.");
  }

  return {
    provider: EXAMPLE_ADS.key,
    handle: dispatch,
    fault(kind, request, fault) {
      switch (kind) {
        case "RATE_LIMITED":
          return answer(40100, "Too many requests.", {
            retry_after: fault.retryAfterSeconds ?? 60,
          });
        case "UNAVAILABLE":
          return answer(50002, "System error, please retry later.");
        case "AUTH_EXPIRED":
        case "AUTH_REVOKED":
          return authFault(kind, request);
        case "PERMISSION_DENIED":
          return denied();
        case "INVALID_REQUEST":
          return invalid("Invalid parameter.");
      }
    },
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
