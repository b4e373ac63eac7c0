import { int, rec, str, strings, type JsonRecord } from "../../../../connectors/kit/json.js";
import type { SandboxReply } from "../../../../connectors/sandbox/sandbox.js";
import { advertiserOf } from "./example-ads.sandbox-advertisers.js";
import { denied, invalid, ok } from "./example-ads.sandbox-errors.js";
import type {
  SandboxAd,
  SandboxAdGroup,
  SandboxContext,
  SandboxUser,
} from "./example-ads.sandbox-state.js";
import { announceReview } from "./example-ads.sandbox-webhooks.js";

/**
 * Ad groups and their ads: created together with the platform's validation, each ad reviewed two
 * status delays after creation (announced by a signed webhook).
 */
export function adGroupJson(group: SandboxAdGroup): JsonRecord {
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

export const adJson =
  ({ state }: SandboxContext) =>
  (ad: SandboxAd): JsonRecord => ({
    ad_id: ad.id,
    adgroup_id: ad.adGroupId,
    ad_name: ad.name,
    operation_status: ad.status,
    review_status: state.reviewStatus(ad),
    ...(ad.externalId ? { external_id: ad.externalId } : {}),
  });

/** POST adgroup/create/: an ad group with its first ad. */
export function createAdGroup(
  ctx: SandboxContext,
  user: SandboxUser,
  body: JsonRecord,
): SandboxReply {
  const { env, state } = ctx;
  const reviewMs = () => 2 * env.statusDelayMs;
  const campaign = state.campaigns.get(str(body, "campaign_id") ?? "");
  if (
    !campaign ||
    !advertiserOf(ctx, user, campaign.advertiserId) ||
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
    reviewedAt: new Date(env.now().getTime() + reviewMs()),
    rejected: /reject/i.test(words),
    ...(str(ad, "external_id") ? { externalId: str(ad, "external_id") } : {}),
  };
  state.adGroups.set(group.id, group);
  state.ads.set(made.id, made);
  announceReview(ctx, made, campaign);
  return ok({ adgroup_id: group.id, ad_id: made.id });
}
