import { ConnectorError } from "../../../../connectors/kit/connector-error.js";
import type { AdLevel, AdsConnector } from "../../../../connectors/kit/contracts/index.js";
import { EXAMPLE_ADS } from "./example-ads.catalog.js";
import { classifyExampleAds } from "./example-ads.classifier.js";
import { createExampleAdsClient, type ExampleAdsClient } from "./example-ads.client.js";
import {
  adAccount,
  adGroupBody,
  adGroupObject,
  adObject,
  budgetBody,
  campaignBody,
  campaignObject,
  dailyMetrics,
  OPERATION,
} from "./example-ads.mapper.js";
import { parseExampleAdsTokenResponse } from "./example-ads.oauth.js";
import { exampleAdsWebhooks } from "./example-ads.webhooks.js";

/** How soon to ask about a report again: the platform's reports take seconds. */
const REPORT_CHECK_AFTER_MS = 2_000;
const REPORT_LEVEL: Record<AdLevel, string> = {
  CAMPAIGN: "CAMPAIGN",
  AD_GROUP: "ADGROUP",
  AD: "AD",
};

/** The ad group (and its ad) created under `campaignId` for `marker`, if there is one. */
async function findAdGroup(
  client: ExampleAdsClient,
  advertiserId: string,
  campaignId: string,
  marker: string,
) {
  const [group] = (
    await client.adGroups(advertiserId, { campaign_ids: [campaignId], external_ids: [marker] })
  ).list;
  const [ad] = group ? (await client.ads(advertiserId, { adgroup_ids: [group.id] })).list : [];
  return group && ad ? { adGroupId: group.id, adId: ad.id } : undefined;
}

/**
 * Example Ads: a platform with an advertiser → campaign → ad group → ad hierarchy, every answer
 * in an HTTP 200 envelope, money as decimals, and reports that run asynchronously. A campaign is
 * two writes (the campaign, then the ad group with its ad), each carrying Crosscast's marker as
 * `external_id`: a lost answer is found again, and a repeat finishes a half-made campaign.
 */
export const exampleAdsConnector: AdsConnector = {
  provider: EXAMPLE_ADS.key,
  category: "ADS",
  classify: classifyExampleAds,
  oauth: { parseTokenResponse: parseExampleAdsTokenResponse },
  webhooks: exampleAdsWebhooks,

  async verify(ctx, connection) {
    const user = await createExampleAdsClient(ctx, connection).user();
    return { externalAccountId: user.id, displayName: user.name };
  },

  async listAdAccounts(ctx, connection) {
    return (await createExampleAdsClient(ctx, connection).advertisers()).map(adAccount);
  },

  async list(ctx, connection, account, query) {
    const client = createExampleAdsClient(ctx, connection);
    const page = query.cursor ? Number(query.cursor) : 1;
    const parent = query.parentId ? [query.parentId] : undefined;
    const result =
      query.level === "CAMPAIGN"
        ? await client
            .campaigns(account.id, {}, page)
            .then(r => ({ ...r, items: r.list.map(c => campaignObject(c, account)) }))
        : query.level === "AD_GROUP"
          ? await client
              .adGroups(account.id, parent ? { campaign_ids: parent } : {}, page)
              .then(r => ({ ...r, items: r.list.map(g => adGroupObject(g, account)) }))
          : await client
              .ads(account.id, parent ? { adgroup_ids: parent } : {}, page)
              .then(r => ({ ...r, items: r.list.map(adObject) }));
    return {
      items: result.items,
      ...(result.page < result.totalPages ? { next: String(result.page + 1) } : {}),
    };
  },

  async createCampaign(ctx, connection, account, campaign) {
    const client = createExampleAdsClient(ctx, connection);
    const { marker } = campaign;
    // Both bodies first: what is wrong on Crosscast's side (another currency, a search creative,
    // an end before the start) stops the create before its first write.
    const campaignWrite = campaignBody(account, campaign);
    const groupWrite = adGroupBody(account, campaign);
    const findCampaign = async () =>
      (await client.campaigns(account.id, { external_ids: [marker] })).list[0]?.id;
    const campaignId =
      (await findCampaign()) ?? (await client.createCampaign(campaignWrite, findCampaign));
    const findGroup = () => findAdGroup(client, account.id, campaignId, marker);
    const group =
      (await findGroup()) ??
      (await client.createAdGroup({ ...groupWrite, campaign_id: campaignId }, findGroup));
    const [made] = (await client.campaigns(account.id, { campaign_ids: [campaignId] })).list;
    const [adGroup] = (await client.adGroups(account.id, { adgroup_ids: [group.adGroupId] })).list;
    const [ad] = (await client.ads(account.id, { ad_ids: [group.adId] })).list;
    if (!made || !adGroup || !ad) {
      throw new ConnectorError(
        "UNAVAILABLE",
        `${EXAMPLE_ADS.key}: the new campaign is not listed yet`,
        {
          provider: EXAMPLE_ADS.key,
        },
      );
    }
    return [campaignObject(made, account), adGroupObject(adGroup, account), adObject(ad)];
  },

  async findCampaign(ctx, connection, account, marker) {
    const client = createExampleAdsClient(ctx, connection);
    const [found] = (await client.campaigns(account.id, { external_ids: [marker] })).list;
    return found && campaignObject(found, account);
  },

  async setStatus(ctx, connection, account, target, status) {
    await createExampleAdsClient(ctx, connection).updateStatus(
      target.level,
      account.id,
      target.id,
      OPERATION[status],
    );
  },

  async setBudget(ctx, connection, account, target, budget) {
    await createExampleAdsClient(ctx, connection).updateBudget(
      target.level,
      account.id,
      target.id,
      budgetBody(budget, account),
    );
  },

  async startReport(ctx, connection, account, query) {
    const taskId = await createExampleAdsClient(ctx, connection).createReport({
      advertiser_id: account.id,
      level: REPORT_LEVEL[query.level],
      start_date: query.from,
      end_date: query.to,
      ...(query.ids ? { ids: [...query.ids] } : {}),
    });
    return { state: "RUNNING", ref: taskId, retryAfterMs: REPORT_CHECK_AFTER_MS };
  },

  async reportStatus(ctx, connection, account, ref) {
    const client = createExampleAdsClient(ctx, connection);
    const task = await client.reportTask(account.id, ref);
    if (task.status === "FAILED") {
      return { state: "FAILED", reason: task.message ?? "the platform could not build the report" };
    }
    if (task.status !== "SUCCESS") {
      return { state: "RUNNING", ref, retryAfterMs: REPORT_CHECK_AFTER_MS };
    }
    const rows = [];
    for (let page = 1, pages = 1; page <= pages; page += 1) {
      const result = await client.reportRows(account.id, ref, page);
      rows.push(...result.list.map(dailyMetrics));
      pages = result.totalPages;
    }
    return { state: "DONE", rows };
  },
};
