import type { SandboxAd, SandboxCampaign, SandboxContext } from "./example-ads.sandbox-state.js";
import { signExampleAds } from "./example-ads.webhooks.js";

/** The review's outcome, sent when it ends (the ad's own status is its campaign's gate). */
export function announceReview(
  { env, state }: SandboxContext,
  ad: SandboxAd,
  campaign: SandboxCampaign,
) {
  const reviewMs = () => 2 * env.statusDelayMs;
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
