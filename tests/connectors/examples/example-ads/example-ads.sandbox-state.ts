import { unitHash } from "../../../../connectors/sandbox/delivery-model.js";
import type { SandboxEnvironment } from "../../../../connectors/sandbox/sandbox.js";
import type { TokenStore } from "../../../../connectors/sandbox/token-store.js";

/** What the fake Example Ads holds: users, the advertisers they reach, and the hierarchy. */
export interface SandboxUser {
  id: string;
  name: string;
  advertiserIds: string[];
}

export interface SandboxAdvertiser {
  id: string;
  name: string;
  currency: string;
  timezone: string;
}

interface Owned {
  id: string;
  advertiserId: string;
  name: string;
  status: "ENABLE" | "DISABLE" | "ARCHIVE";
  externalId?: string;
}

export interface SandboxCampaign extends Owned {
  objective: string;
  budgetMode: string;
  budget: number;
}

export interface SandboxAdGroup extends Owned {
  campaignId: string;
  targeting: Record<string, unknown>;
  budgetMode?: string;
  budget?: number;
}

export interface SandboxAd extends Owned {
  adGroupId: string;
  creative: Record<string, unknown>;
  /** When the review ends; REJECTED if the creative asks for it, else APPROVED. */
  reviewedAt: Date;
  rejected: boolean;
}

export interface SandboxTask {
  id: string;
  advertiserId: string;
  level: "CAMPAIGN" | "ADGROUP" | "AD";
  from: string;
  to: string;
  ids?: string[];
  readyAt: Date;
}

/** The lowest budget the platform takes, in the account's currency. */
export const MIN_BUDGET = 20;

export class ExampleAdsState {
  readonly users = new Map<string, SandboxUser>();
  readonly advertisers = new Map<string, SandboxAdvertiser>();
  readonly campaigns = new Map<string, SandboxCampaign>();
  readonly adGroups = new Map<string, SandboxAdGroup>();
  readonly ads = new Map<string, SandboxAd>();
  readonly tasks = new Map<string, SandboxTask>();
  private sequence = 0;

  constructor(readonly now: () => Date) {}

  /** Numeric ids, as the platform's. */
  id(prefix: number): string {
    this.sequence += 1;
    return `${prefix}${String(this.sequence).padStart(12, "0")}`;
  }

  reviewStatus(ad: SandboxAd): "PENDING" | "APPROVED" | "REJECTED" {
    if (this.now() < ad.reviewedAt) {
      return "PENDING";
    }
    return ad.rejected ? "REJECTED" : "APPROVED";
  }

  /** The objects of a report's level for one advertiser (all, or those named). */
  reportObjects(task: SandboxTask): Array<{ key: string; id: string }> {
    const source =
      task.level === "CAMPAIGN"
        ? this.campaigns
        : task.level === "ADGROUP"
          ? this.adGroups
          : this.ads;
    const key =
      task.level === "CAMPAIGN" ? "campaign_id" : task.level === "ADGROUP" ? "adgroup_id" : "ad_id";
    return [...source.values()]
      .filter(
        item =>
          item.advertiserId === task.advertiserId && (!task.ids || task.ids.includes(item.id)),
      )
      .map(item => ({ key, id: item.id }));
  }
}

/** The days from `from` to `to`, inclusive (`YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let at = Date.parse(`${from}T00:00:00Z`);
    at <= Date.parse(`${to}T00:00:00Z`);
    at += 86_400_000
  ) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/** One object's delivery on one day: stable for the pair, counts as text and money as decimals. */
export function dayMetrics(id: string, day: string) {
  const impressions = Math.floor(200 + unitHash(`${id}:${day}:imp`) * 1800);
  const clicks = Math.floor(impressions * (0.01 + unitHash(`${id}:${day}:ctr`) * 0.03));
  const conversions = Math.floor(clicks * 0.1);
  return {
    impressions: String(impressions),
    clicks: String(clicks),
    spend: (impressions * 0.004).toFixed(2),
    conversions: String(conversions),
    conversion_value: (conversions * 25).toFixed(2),
  };
}

/** What the sandbox's handlers share: its environment, what it holds and its token stores. */
export interface SandboxContext {
  env: SandboxEnvironment;
  state: ExampleAdsState;
  accessTokens: TokenStore;
  refreshTokens: TokenStore;
}
