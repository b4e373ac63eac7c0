import { str, strings, type JsonRecord } from "../../../../connectors/kit/json.js";
import type { SandboxReply } from "../../../../connectors/sandbox/sandbox.js";
import { advertiserOf } from "./example-ads.sandbox-advertisers.js";
import { denied, invalid, ok } from "./example-ads.sandbox-errors.js";
import {
  MIN_BUDGET,
  type SandboxCampaign,
  type SandboxContext,
  type SandboxUser,
} from "./example-ads.sandbox-state.js";

/** Campaigns, and the status and budget updates of every level (campaign, ad group, ad). */
const OBJECTIVES = ["TRAFFIC", "CONVERSIONS", "REACH", "VIDEO_VIEWS", "LEAD_GENERATION"];
const BUDGET_MODES = ["BUDGET_MODE_DAY", "BUDGET_MODE_TOTAL"];
const OPERATIONS = ["ENABLE", "DISABLE", "ARCHIVE"] as const;

export function campaignJson(campaign: SandboxCampaign): JsonRecord {
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

/** POST campaign/create/ */
export function createCampaign(
  ctx: SandboxContext,
  user: SandboxUser,
  body: JsonRecord,
): SandboxReply {
  const { state } = ctx;
  const advertiser = advertiserOf(ctx, user, str(body, "advertiser_id"));
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

/** POST <level>/status/update/ */
export function updateStatus(
  ctx: SandboxContext,
  user: SandboxUser,
  level: "campaign" | "adgroup" | "ad",
  body: JsonRecord,
): SandboxReply {
  const { state } = ctx;
  const LEVELS = {
    campaign: state.campaigns,
    adgroup: state.adGroups,
    ad: state.ads,
  } as const;
  const operation = OPERATIONS.find(value => value === str(body, "operation_status"));
  const ids = strings(body.ids);
  if (!operation || ids.length === 0) {
    return invalid(`ids and operation_status (${OPERATIONS.join(", ")}) are required.`);
  }
  const targets = ids.map(id => LEVELS[level].get(id));
  if (targets.some(target => !target || !advertiserOf(ctx, user, target.advertiserId))) {
    return denied();
  }
  targets.forEach(target => target && (target.status = operation));
  return ok();
}

/** POST <level>/budget/update/ (campaigns and ad groups) */
export function updateBudget(
  ctx: SandboxContext,
  user: SandboxUser,
  level: "campaign" | "adgroup",
  body: JsonRecord,
): SandboxReply {
  const { state } = ctx;
  const target = (level === "campaign" ? state.campaigns : state.adGroups).get(
    str(body, "id") ?? "",
  );
  if (!target || !advertiserOf(ctx, user, target.advertiserId)) {
    return denied();
  }
  const budget = budgetOf(body);
  if (typeof budget === "string") {
    return invalid(budget);
  }
  Object.assign(target, budget);
  return ok();
}
