import { ConnectorError } from "../../../../connectors/kit/connector-error.js";
import type {
  AdAccount,
  AdBudget,
  AdObject,
  AdsWebhookEvent,
  AdStatus,
  DailyAdMetrics,
  NewAdCampaign,
} from "../../../../connectors/kit/contracts/index.js";
import { int, str } from "../../../../connectors/kit/json.js";
import { EXAMPLE_ADS } from "./example-ads.catalog.js";
import {
  decimal,
  type Advertiser,
  type Delivery,
  type PlatformAd,
  type PlatformAdGroup,
  type PlatformCampaign,
  type ReportRow,
} from "./example-ads.schemas.js";

const refuse = (message: string) =>
  new ConnectorError("INVALID_REQUEST", `${EXAMPLE_ADS.key}: ${message}`, {
    provider: EXAMPLE_ADS.key,
  });

/** Integer micros → the platform's decimal (cents: it keeps two places). */
export const toAmount = (micros: number) => Math.round(micros / 10_000) / 100;
export const toMicros = (amount: number) => Math.round(amount * 1_000_000);

export function adAccount(advertiser: Advertiser): AdAccount {
  return {
    id: advertiser.id,
    name: advertiser.name,
    currency: advertiser.currency,
    timeZone: advertiser.timezone,
  };
}

const STATUSES: Record<string, AdStatus> = {
  ENABLE: "ACTIVE",
  DISABLE: "PAUSED",
  ARCHIVE: "ARCHIVED",
  DELETE: "DELETED",
};

export function adStatus(operation: string, review?: string): AdStatus {
  if (review === "REJECTED") {
    return "REJECTED";
  }
  if (review === "PENDING") {
    return "PENDING_REVIEW";
  }
  return STATUSES[operation] ?? "PAUSED";
}

export const OPERATION: Record<"ACTIVE" | "PAUSED" | "ARCHIVED", string> = {
  ACTIVE: "ENABLE",
  PAUSED: "DISABLE",
  ARCHIVED: "ARCHIVE",
};

export function budgetBody(budget: AdBudget, account: AdAccount) {
  if (budget.currency !== account.currency) {
    throw refuse(`the budget is in ${budget.currency}, the account spends ${account.currency}`);
  }
  return {
    budget_mode: budget.period === "DAILY" ? "BUDGET_MODE_DAY" : "BUDGET_MODE_TOTAL",
    budget: toAmount(budget.amountMicros),
  };
}

function budgetOf(
  object: { budgetMode?: string; budget?: number | undefined },
  account: AdAccount,
): AdBudget | undefined {
  if (object.budget === undefined || !object.budgetMode) {
    return undefined;
  }
  return {
    period: object.budgetMode === "BUDGET_MODE_DAY" ? "DAILY" : "LIFETIME",
    amountMicros: toMicros(object.budget),
    currency: account.currency,
  };
}

/** `POST /campaign/create/`: created disabled, the marker as `external_id`. */
export function campaignBody(account: AdAccount, campaign: NewAdCampaign) {
  return {
    advertiser_id: account.id,
    campaign_name: campaign.name,
    objective_type: campaign.objective,
    operation_status: "DISABLE",
    external_id: campaign.marker,
    ...budgetBody(campaign.budget, account),
  };
}

function creativeBody(creative: NewAdCampaign["creative"]) {
  switch (creative.kind) {
    case "MEDIA":
      return {
        type: creative.mediaKind,
        media_url: creative.mediaUrl,
        ...(creative.headline ? { headline: creative.headline } : {}),
        ...(creative.body ? { text: creative.body } : {}),
        ...(creative.link ? { landing_url: creative.link } : {}),
      };
    case "POST":
      return { type: "SPARK", post_id: creative.providerPostId };
    case "SEARCH":
      throw refuse("the platform has no search ads");
  }
}

/**
 * `POST /adgroup/create/` without its `campaign_id`: the ad group with its one ad, both carrying
 * the marker. Built (and so checked) before the campaign is created.
 */
export function adGroupBody(account: AdAccount, campaign: NewAdCampaign) {
  const { targeting } = campaign;
  if (campaign.endsAt && campaign.startsAt && campaign.endsAt <= campaign.startsAt) {
    throw refuse("the campaign ends before it starts");
  }
  return {
    advertiser_id: account.id,
    adgroup_name: `${campaign.name} · ad group`,
    external_id: campaign.marker,
    location_ids: targeting.locations ?? [],
    languages: targeting.languages ?? [],
    interest_ids: targeting.interests ?? [],
    keywords: targeting.keywords ?? [],
    ...(targeting.ageMin !== undefined ? { age_min: targeting.ageMin } : {}),
    ...(targeting.ageMax !== undefined ? { age_max: targeting.ageMax } : {}),
    ...(campaign.startsAt ? { schedule_start_time: campaign.startsAt.toISOString() } : {}),
    ...(campaign.endsAt ? { schedule_end_time: campaign.endsAt.toISOString() } : {}),
    ad: {
      ad_name: `${campaign.name} · ad`,
      external_id: campaign.marker,
      creative: creativeBody(campaign.creative),
    },
  };
}

export function campaignObject(campaign: PlatformCampaign, account: AdAccount): AdObject {
  const budget = budgetOf(campaign, account);
  return {
    level: "CAMPAIGN",
    id: campaign.id,
    name: campaign.name,
    status: adStatus(campaign.status),
    ...(campaign.objective ? { objective: campaign.objective } : {}),
    ...(budget ? { budget } : {}),
  };
}

export function adGroupObject(group: PlatformAdGroup, account: AdAccount): AdObject {
  const budget = budgetOf(group, account);
  const startsAt = group.startsAt ? new Date(group.startsAt) : undefined;
  const endsAt = group.endsAt ? new Date(group.endsAt) : undefined;
  const targeting = {
    ...(group.locations.length ? { locations: group.locations } : {}),
    ...(group.languages.length ? { languages: group.languages } : {}),
    ...(group.interests.length ? { interests: group.interests } : {}),
    ...(group.keywords.length ? { keywords: group.keywords } : {}),
    ...(group.ageMin !== undefined ? { ageMin: group.ageMin } : {}),
    ...(group.ageMax !== undefined ? { ageMax: group.ageMax } : {}),
  };
  return {
    level: "AD_GROUP",
    id: group.id,
    parentId: group.campaignId,
    name: group.name,
    status: adStatus(group.status),
    targeting,
    ...(budget ? { budget } : {}),
    ...(startsAt && !Number.isNaN(startsAt.getTime()) ? { startsAt } : {}),
    ...(endsAt && !Number.isNaN(endsAt.getTime()) ? { endsAt } : {}),
  };
}

export function adObject(ad: PlatformAd): AdObject {
  return {
    level: "AD",
    id: ad.id,
    parentId: ad.adGroupId,
    name: ad.name,
    status: adStatus(ad.status, ad.reviewStatus),
  };
}

/** A report row: counts as integers, money as decimals in the account's currency. */
export function dailyMetrics(row: ReportRow): DailyAdMetrics {
  const { metrics } = row;
  const money = (key: string) => {
    const amount = decimal(metrics, key);
    return amount === undefined ? undefined : toMicros(amount);
  };
  const conversions = int(metrics, "conversions");
  const conversionValueMicros = money("conversion_value");
  const videoViews = int(metrics, "video_views");
  return {
    level: row.level,
    id: row.id,
    day: row.day,
    impressions: int(metrics, "impressions") ?? 0,
    clicks: int(metrics, "clicks") ?? 0,
    spendMicros: money("spend") ?? 0,
    ...(conversions !== undefined ? { conversions } : {}),
    ...(conversionValueMicros !== undefined ? { conversionValueMicros } : {}),
    ...(videoViews !== undefined ? { videoViews } : {}),
  };
}

/** An ad's review outcome in Crosscast's terms; other deliveries are not Crosscast's concern. */
export function webhookEvents(delivery: Delivery): AdsWebhookEvent[] {
  const { body } = delivery;
  const adId = str(body, "ad_id");
  const review = str(body, "review_status");
  if (delivery.event !== "AD_REVIEW" || !adId || !review) {
    return [];
  }
  const reason = str(body, "reject_reason");
  return [
    {
      type: "AD_STATUS",
      eventId: delivery.eventId,
      level: "AD",
      id: adId,
      status: adStatus(str(body, "operation_status") ?? "DISABLE", review),
      ...(reason ? { reason } : {}),
    },
  ];
}
