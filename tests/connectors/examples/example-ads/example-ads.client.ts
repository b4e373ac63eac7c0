import type {
  AdLevel,
  ConnectionHandle,
  ConnectorContext,
} from "../../../../connectors/kit/contracts/index.js";
import { requireSecret } from "../../../../connectors/kit/credentials.js";
import type { ProviderResponse } from "../../../../connectors/kit/default-classifier.js";
import { expectBody } from "../../../../connectors/kit/expect-body.js";
import type { JsonRecord } from "../../../../connectors/kit/json.js";
import type { adGroupBody, campaignBody } from "./example-ads.mapper.js";
import {
  parseAck,
  parseAdGroupCreated,
  parseAdGroupPage,
  parseAdPage,
  parseAdvertisers,
  parseCampaignCreated,
  parseCampaignPage,
  parseReportPage,
  parseTask,
  parseTaskCreated,
  parseUser,
  type Advertiser,
  type ListPage,
  type PlatformAd,
  type PlatformAdGroup,
  type PlatformCampaign,
  type PlatformUser,
  type ReportRow,
  type ReportTask,
} from "./example-ads.schemas.js";

/** `filtering`, as the platform takes it: a JSON object in the query. */
export interface Filtering {
  campaign_ids?: string[];
  adgroup_ids?: string[];
  ad_ids?: string[];
  external_ids?: string[];
}

export interface CreatedAdGroup {
  adGroupId: string;
  adId: string;
}

/** One method per Example Ads endpoint (Open API v1.3), each through the connector's HTTP core. */
export interface ExampleAdsClient {
  /** `GET /user/info/`: the user the token belongs to. */
  user(): Promise<PlatformUser>;
  /** `GET /advertiser/get/`: the ad accounts the token reaches. */
  advertisers(): Promise<Advertiser[]>;
  /** `GET /campaign/get/`, a page at a time. */
  campaigns(
    advertiserId: string,
    filtering: Filtering,
    page?: number,
  ): Promise<ListPage<PlatformCampaign>>;
  /** `GET /adgroup/get/`. */
  adGroups(
    advertiserId: string,
    filtering: Filtering,
    page?: number,
  ): Promise<ListPage<PlatformAdGroup>>;
  /** `GET /ad/get/`. */
  ads(advertiserId: string, filtering: Filtering, page?: number): Promise<ListPage<PlatformAd>>;
  /** `POST /campaign/create/`; a lost answer is looked up with `findAgain` (by `external_id`). */
  createCampaign(
    body: ReturnType<typeof campaignBody>,
    findAgain: () => Promise<string | undefined>,
  ): Promise<string>;
  /** `POST /adgroup/create/` with its one ad; a lost answer is looked up with `findAgain`. */
  createAdGroup(
    body: ReturnType<typeof adGroupBody> & { campaign_id: string },
    findAgain: () => Promise<CreatedAdGroup | undefined>,
  ): Promise<CreatedAdGroup>;
  /** `POST /<level>/status/update/`: sets a status (repeating it changes nothing). */
  updateStatus(level: AdLevel, advertiserId: string, id: string, operation: string): Promise<void>;
  /** `POST /<level>/budget/update/`: sets a budget (repeating it changes nothing). */
  updateBudget(level: AdLevel, advertiserId: string, id: string, budget: JsonRecord): Promise<void>;
  /** `POST /report/task/create/`: starts an asynchronous report. */
  createReport(body: JsonRecord): Promise<string>;
  /** `GET /report/task/check/`. */
  reportTask(advertiserId: string, taskId: string): Promise<ReportTask>;
  /** `GET /report/task/result/`, a page at a time. */
  reportRows(advertiserId: string, taskId: string, page: number): Promise<ListPage<ReportRow>>;
}

const PAGE_SIZE = 100;
const LEVEL_PATH: Record<AdLevel, string> = { CAMPAIGN: "campaign", AD_GROUP: "adgroup", AD: "ad" };

/** What a create whose answer was lost would have answered, from the object found again. */
function answered(data: JsonRecord): ProviderResponse {
  return {
    status: 200,
    headers: new Headers({ "content-type": "application/json" }),
    body: { code: 0, message: "OK", data },
  };
}

export function createExampleAdsClient(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets">,
): ExampleAdsClient {
  const provider = ctx.config.key;
  // The platform's own header, not Authorization: Bearer.
  const headers = { "access-token": requireSecret(ctx.config, connection, "accessToken") };
  const path = (endpoint: string) => `${ctx.config.apiVersion ?? "v1.3"}/${endpoint}/`;

  async function read<T>(
    endpoint: string,
    query: Record<string, string | number | undefined>,
    parse: (body: unknown) => T | undefined,
    what: string,
  ) {
    const response = await ctx.http({
      method: "GET",
      path: path(endpoint),
      query,
      headers,
      idempotent: true,
    });
    return expectBody(response, parse, { provider, what });
  }
  const list = (advertiserId: string, filtering: Filtering, page = 1) => ({
    advertiser_id: advertiserId,
    filtering: JSON.stringify(filtering),
    page,
    page_size: PAGE_SIZE,
  });

  return {
    user: () => read("user/info", {}, parseUser, "user"),
    advertisers: () => read("advertiser/get", {}, parseAdvertisers, "advertiser list"),
    campaigns: (advertiserId, filtering, page) =>
      read("campaign/get", list(advertiserId, filtering, page), parseCampaignPage, "campaign list"),
    adGroups: (advertiserId, filtering, page) =>
      read("adgroup/get", list(advertiserId, filtering, page), parseAdGroupPage, "ad group list"),
    ads: (advertiserId, filtering, page) =>
      read("ad/get", list(advertiserId, filtering, page), parseAdPage, "ad list"),

    async createCampaign(body, findAgain) {
      const response = await ctx.http({
        method: "POST",
        path: path("campaign/create"),
        headers,
        body,
        reconcile: async () => {
          const id = await findAgain();
          return id === undefined ? undefined : answered({ campaign_id: id });
        },
      });
      return expectBody(response, parseCampaignCreated, {
        provider,
        what: "campaign",
        write: true,
      });
    },

    async createAdGroup(body, findAgain) {
      const response = await ctx.http({
        method: "POST",
        path: path("adgroup/create"),
        headers,
        body,
        reconcile: async () => {
          const found = await findAgain();
          return found && answered({ adgroup_id: found.adGroupId, ad_id: found.adId });
        },
      });
      return expectBody(response, parseAdGroupCreated, { provider, what: "ad group", write: true });
    },

    async updateStatus(level, advertiserId, id, operation) {
      const response = await ctx.http({
        method: "POST",
        path: path(`${LEVEL_PATH[level]}/status/update`),
        headers,
        body: { advertiser_id: advertiserId, ids: [id], operation_status: operation },
        idempotent: true,
      });
      expectBody(response, parseAck, { provider, what: "status update", write: true });
    },

    async updateBudget(level, advertiserId, id, budget) {
      const response = await ctx.http({
        method: "POST",
        path: path(`${LEVEL_PATH[level]}/budget/update`),
        headers,
        body: { advertiser_id: advertiserId, id, ...budget },
        idempotent: true,
      });
      expectBody(response, parseAck, { provider, what: "budget update", write: true });
    },

    async createReport(body) {
      const response = await ctx.http({
        method: "POST",
        path: path("report/task/create"),
        headers,
        body,
        // A second task for the same query costs nothing and is never read: safe to repeat.
        idempotent: true,
      });
      return expectBody(response, parseTaskCreated, { provider, what: "report task", write: true });
    },

    reportTask: (advertiserId, taskId) =>
      read(
        "report/task/check",
        { advertiser_id: advertiserId, task_id: taskId },
        parseTask,
        "report task",
      ),
    reportRows: (advertiserId, taskId, page) =>
      read(
        "report/task/result",
        { advertiser_id: advertiserId, task_id: taskId, page, page_size: PAGE_SIZE },
        parseReportPage,
        "report result",
      ),
  };
}
