import {
  int,
  isRecord,
  rec,
  records,
  str,
  strings,
  type JsonRecord,
} from "../../../../connectors/kit/json.js";

/**
 * Readers of Example Ads answers (Open API v1.3). Every answer is HTTP 200 with an envelope
 * `{code, message, request_id, data}`; code 0 is success and anything else an error.
 */
export interface Envelope {
  code: number;
  message: string;
  requestId?: string;
  data: JsonRecord;
}

export function parseEnvelope(body: unknown): Envelope | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const code = int(body, "code");
  if (code === undefined) {
    return undefined;
  }
  const requestId = str(body, "request_id");
  return {
    code,
    message: str(body, "message") ?? "",
    ...(requestId ? { requestId } : {}),
    data: rec(body, "data") ?? {},
  };
}

/** A successful envelope's `data`, read with `parse`. */
const dataOf =
  <T>(parse: (data: JsonRecord) => T | undefined) =>
  (body: unknown): T | undefined => {
    const envelope = parseEnvelope(body);
    return envelope?.code === 0 ? parse(envelope.data) : undefined;
  };

/** A decimal the platform sends as a number or as text ("12.34"). */
export function decimal(record: JsonRecord, key: string): number | undefined {
  const value = record[key];
  const parsed =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

export interface PlatformUser {
  id: string;
  name: string;
}

export const parseUser = dataOf(data => {
  const id = str(data, "core_user_id");
  return id ? { id, name: str(data, "display_name") ?? id } : undefined;
});

export interface Advertiser {
  id: string;
  name: string;
  currency: string;
  timezone: string;
}

export const parseAdvertisers = dataOf(data =>
  records(data.list).flatMap(item => {
    const id = str(item, "advertiser_id");
    const currency = str(item, "currency");
    const timezone = str(item, "timezone");
    return id && currency && timezone
      ? [{ id, name: str(item, "advertiser_name") ?? id, currency, timezone }]
      : [];
  }),
);

/** What the three levels share. */
interface PlatformObject {
  id: string;
  name: string;
  status: string;
  externalId?: string;
}

function object(item: JsonRecord, idKey: string, nameKey: string): PlatformObject | undefined {
  const id = str(item, idKey);
  const status = str(item, "operation_status");
  if (!id || !status) {
    return undefined;
  }
  const externalId = str(item, "external_id");
  return { id, name: str(item, nameKey) ?? "", status, ...(externalId ? { externalId } : {}) };
}

export interface PlatformCampaign extends PlatformObject {
  objective?: string;
  budgetMode?: string;
  budget?: number;
}

export interface PlatformAdGroup extends PlatformObject {
  campaignId: string;
  locations: string[];
  languages: string[];
  interests: string[];
  keywords: string[];
  ageMin?: number;
  ageMax?: number;
  budgetMode?: string;
  budget?: number;
  startsAt?: string;
  endsAt?: string;
}

export interface PlatformAd extends PlatformObject {
  adGroupId: string;
  reviewStatus?: string;
}

export interface ListPage<T> {
  list: T[];
  page: number;
  totalPages: number;
}

function page<T>(read: (item: JsonRecord) => T | undefined) {
  return dataOf(data => {
    if (!Array.isArray(data.list)) {
      return undefined;
    }
    const info = rec(data, "page_info") ?? {};
    return {
      list: records(data.list).flatMap(item => read(item) ?? []),
      page: int(info, "page") ?? 1,
      totalPages: int(info, "total_page") ?? 1,
    };
  });
}

export const parseCampaignPage = page<PlatformCampaign>(item => {
  const base = object(item, "campaign_id", "campaign_name");
  const budget = decimal(item, "budget");
  const objective = str(item, "objective_type");
  const budgetMode = str(item, "budget_mode");
  return (
    base && {
      ...base,
      ...(objective ? { objective } : {}),
      ...(budgetMode ? { budgetMode } : {}),
      ...(budget !== undefined ? { budget } : {}),
    }
  );
});

export const parseAdGroupPage = page<PlatformAdGroup>(item => {
  const base = object(item, "adgroup_id", "adgroup_name");
  const campaignId = str(item, "campaign_id");
  if (!base || !campaignId) {
    return undefined;
  }
  return {
    ...base,
    campaignId,
    locations: strings(item.location_ids),
    languages: strings(item.languages),
    interests: strings(item.interest_ids),
    keywords: strings(item.keywords),
    // What the platform leaves out stays undefined: absent, not faked.
    ageMin: int(item, "age_min"),
    ageMax: int(item, "age_max"),
    budgetMode: str(item, "budget_mode"),
    budget: decimal(item, "budget"),
    startsAt: str(item, "schedule_start_time"),
    endsAt: str(item, "schedule_end_time"),
  };
});

export const parseAdPage = page<PlatformAd>(item => {
  const base = object(item, "ad_id", "ad_name");
  const adGroupId = str(item, "adgroup_id");
  const reviewStatus = str(item, "review_status");
  return base && adGroupId
    ? { ...base, adGroupId, ...(reviewStatus ? { reviewStatus } : {}) }
    : undefined;
});

export const parseCampaignCreated = dataOf(data => str(data, "campaign_id"));

export const parseAdGroupCreated = dataOf(data => {
  const adGroupId = str(data, "adgroup_id");
  const adId = str(data, "ad_id");
  return adGroupId && adId ? { adGroupId, adId } : undefined;
});

/** Any successful answer whose data Crosscast does not read (status and budget updates). */
export const parseAck = dataOf(() => true);

export const parseTaskCreated = dataOf(data => str(data, "task_id"));

export interface ReportTask {
  id: string;
  status: string;
  message?: string;
}

export const parseTask = dataOf((data): ReportTask | undefined => {
  const id = str(data, "task_id");
  const status = str(data, "status");
  const message = str(data, "message");
  return id && status ? { id, status, ...(message ? { message } : {}) } : undefined;
});

/** One row of a report result: the object (named by its level's id), the day and the metrics. */
export interface ReportRow {
  level: "CAMPAIGN" | "AD_GROUP" | "AD";
  id: string;
  day: string;
  metrics: JsonRecord;
}

const LEVEL_KEYS = [
  ["campaign_id", "CAMPAIGN"],
  ["adgroup_id", "AD_GROUP"],
  ["ad_id", "AD"],
] as const;

export const parseReportPage = page<ReportRow>(item => {
  const dimensions = rec(item, "dimensions") ?? {};
  const metrics = rec(item, "metrics");
  const day = str(dimensions, "stat_day");
  const named = LEVEL_KEYS.flatMap(([key, level]) => {
    const id = str(dimensions, key);
    return id ? [{ level, id }] : [];
  })[0];
  return named && metrics && day && /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? { ...named, day, metrics }
    : undefined;
});

/** A webhook delivery: `{event_id, event, advertiser_id, timestamp, …}`. */
export interface Delivery {
  eventId: string;
  event: string;
  body: JsonRecord;
}

export function parseDelivery(body: unknown): Delivery | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const eventId = str(body, "event_id");
  const event = str(body, "event");
  return eventId && event ? { eventId, event, body } : undefined;
}
