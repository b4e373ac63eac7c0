import type { BaseConnector, ConnectionHandle, ConnectorContext } from "./connector.js";

/**
 * The ads contract: the ad accounts a connection reaches, the campaign → ad group → ad hierarchy
 * (Google ad group, Meta ad set, TikTok ad group, LinkedIn campaign under a campaign group, Reddit
 * ad group), budgets and statuses, daily metrics and asynchronous report runs. Money is integer
 * micros in the account's ISO currency; what a platform does not have is absent, not faked.
 */

export interface AdAccount {
  /** Google customer id, Meta `act_…`, TikTok advertiser id, LinkedIn sponsored account, Reddit account. */
  id: string;
  name: string;
  currency: string;
  /** IANA time zone the platform reports days in. */
  timeZone: string;
  /** Google Ads: the manager the account is reached through (`login-customer-id`). */
  managerId?: string;
}

export type AdLevel = "CAMPAIGN" | "AD_GROUP" | "AD";
export type AdStatus = "ACTIVE" | "PAUSED" | "ARCHIVED" | "DELETED" | "PENDING_REVIEW" | "REJECTED";

export interface AdBudget {
  period: "DAILY" | "LIFETIME";
  amountMicros: number;
  currency: string;
}

export interface Targeting {
  locations?: string[];
  ageMin?: number;
  ageMax?: number;
  languages?: string[];
  /** Interests or keywords, by the platform's ids. */
  interests?: string[];
  keywords?: string[];
}

export interface AdObject {
  level: AdLevel;
  /** The platform's id. */
  id: string;
  parentId?: string;
  name: string;
  status: AdStatus;
  objective?: string;
  budget?: AdBudget;
  startsAt?: Date;
  endsAt?: Date;
  targeting?: Targeting;
}

export interface Page<T> {
  items: T[];
  /** The platform's cursor for the next page, absent on the last. */
  next?: string;
}

export type AdCreative =
  | {
      kind: "MEDIA";
      mediaUrl: string;
      mediaKind: "IMAGE" | "VIDEO";
      headline?: string;
      body?: string;
      link?: string;
    }
  /** A boost of a published post (Meta/Instagram boost, TikTok Spark Ad, LinkedIn sponsored, Reddit promoted). */
  | { kind: "POST"; providerPostId: string }
  /** Google responsive search ad. */
  | { kind: "SEARCH"; headlines: string[]; descriptions: string[]; finalUrl: string };

export interface NewAdCampaign {
  /** Crosscast's id: carried as a marker (name suffix, external id) to find a create whose answer was lost. */
  marker: string;
  name: string;
  objective: string;
  budget: AdBudget;
  startsAt?: Date;
  endsAt?: Date;
  targeting: Targeting;
  creative: AdCreative;
}

/** One day of one object's delivery, in the account's time zone and currency. */
export interface DailyAdMetrics {
  level: AdLevel;
  id: string;
  /** `YYYY-MM-DD` in the account's time zone. */
  day: string;
  impressions: number;
  clicks: number;
  spendMicros: number;
  conversions?: number;
  conversionValueMicros?: number;
  videoViews?: number;
}

export interface MetricsQuery {
  level: AdLevel;
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  ids?: readonly string[];
}

/** An asynchronous report run (Meta AdReportRun, Reddit reports): poll until DONE. */
export type ReportRun =
  | { state: "RUNNING"; ref: string; retryAfterMs: number }
  | { state: "DONE"; rows: DailyAdMetrics[] }
  | { state: "FAILED"; reason: string };

export interface AdsConnector extends BaseConnector<"ADS"> {
  listAdAccounts(ctx: ConnectorContext, connection: ConnectionHandle): Promise<AdAccount[]>;
  list(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    account: AdAccount,
    query: { level: AdLevel; parentId?: string; cursor?: string },
  ): Promise<Page<AdObject>>;
  /**
   * Creates a paused campaign with one ad group and one ad; returns the three objects. Most
   * platforms need several writes for this, each carrying `marker`: a repeat with the same
   * marker finishes a create that stopped half way, and never makes a second campaign.
   */
  createCampaign(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    account: AdAccount,
    campaign: NewAdCampaign,
  ): Promise<AdObject[]>;
  /** Finds a campaign created for `marker` (a create whose answer was lost). */
  findCampaign(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    account: AdAccount,
    marker: string,
  ): Promise<AdObject | undefined>;
  setStatus(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    account: AdAccount,
    target: { level: AdLevel; id: string },
    status: "ACTIVE" | "PAUSED" | "ARCHIVED",
  ): Promise<void>;
  setBudget(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    account: AdAccount,
    target: { level: AdLevel; id: string },
    budget: AdBudget,
  ): Promise<void>;
  /**
   * Daily metrics synchronously where the platform answers at once (Google, TikTok, LinkedIn).
   * A connector has this, or both `startReport` and `reportStatus`.
   */
  metricsByDay?(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    account: AdAccount,
    query: MetricsQuery,
  ): Promise<DailyAdMetrics[]>;
  /** Or as a report run where the platform makes one (Meta insights, Reddit reports). */
  startReport?(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    account: AdAccount,
    query: MetricsQuery,
  ): Promise<ReportRun>;
  reportStatus?(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    account: AdAccount,
    ref: string,
  ): Promise<ReportRun>;
}
