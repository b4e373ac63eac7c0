import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Workspace } from "./workspace.entity.js";
import { jsonList } from "./json.properties.js";

export const CAMPAIGN_OBJECTIVES = [
  "AWARENESS",
  "TRAFFIC",
  "ENGAGEMENT",
  "LEADS",
  "SALES",
  "RETENTION",
] as const;
export const CAMPAIGN_STATUSES = [
  "DRAFT",
  "SCHEDULED",
  "ACTIVE",
  "PAUSED",
  "COMPLETED",
  "ARCHIVED",
] as const;

export const Campaign = defineEntity({
  name: "Campaign",
  indexes: [{ properties: ["workspace", "createdAt", "id"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    name: p.string().length(200),
    objective: p.enum(CAMPAIGN_OBJECTIVES),
    status: p.enum(CAMPAIGN_STATUSES).default("DRAFT"),
    budgetMicros: p.bigint("number").check("budget_micros >= 0"),
    budgetCurrency: p.string().length(3).check("budget_currency ~ '^[A-Z]{3}$'"),
    startsAt: p.datetime().nullable(),
    endsAt: p.datetime().nullable(),
    /** Who it is for: a list of recipients (objects of text fields), fanned out over by playbooks. */
    audience: jsonList<Record<string, string>>(),
    /** The campaign's playbook (a DAG of steps), validated against the supergraph on save. */
    playbook: p.json<Record<string, unknown>>().nullable(),
  },
});
export type Campaign = InferEntity<typeof Campaign>;
