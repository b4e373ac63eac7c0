import type { GraphQLSchema } from "graphql";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../../../platform/auth/viewer.js";
import { Campaign } from "../../../orm/entities/index.js";
import { requireWriter } from "../../shared/authorization.js";
import { BadUserInputError } from "../../shared/errors.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import type { Page } from "../../shared/pagination.js";
import { checkPlaybookInput } from "../playbook/playbook-input.js";
import { requireCurrency, requireNonNegativeMicros, requireText } from "../../shared/validation.js";

export interface MoneyValue {
  amountMicros: number;
  currency: string;
}

export interface CampaignDraft {
  name: string;
  objective: Campaign["objective"];
  budget: MoneyValue;
  startsAt?: Date | null;
  endsAt?: Date | null;
  audience?: Array<Record<string, unknown>> | null;
  playbook?: Record<string, unknown> | null;
}

export interface CampaignChanges {
  name?: string | null;
  status?: Campaign["status"] | null;
  budget?: MoneyValue | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  audience?: Array<Record<string, unknown>> | null;
  playbook?: Record<string, unknown> | null;
}

const MAX_AUDIENCE = 10_000;

/** Recipients are objects of short text fields. */
function checkAudience(audience: Array<Record<string, unknown>>): Array<Record<string, string>> {
  if (audience.length > MAX_AUDIENCE) {
    throw new BadUserInputError("audience", `at most ${MAX_AUDIENCE} recipients`);
  }
  return audience.map((recipient, index) => {
    const entries = Object.entries(recipient);
    if (!entries.length || entries.length > 50) {
      throw new BadUserInputError(`audience[${index}]`, "a recipient has 1 to 50 fields");
    }
    for (const [key, value] of entries) {
      if (typeof value !== "string" || value.length > 1_000 || key.length > 64) {
        throw new BadUserInputError(
          `audience[${index}].${key}`,
          "must be text of at most 1000 characters",
        );
      }
    }
    return recipient as Record<string, string>;
  });
}

function checkSchedule(startsAt: Date | null | undefined, endsAt: Date | null | undefined) {
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) {
    throw new BadUserInputError("endsAt", "must be after startsAt");
  }
}

function checkBudget(budget: MoneyValue) {
  return {
    budgetMicros: requireNonNegativeMicros("budget.amountMicros", budget.amountMicros),
    budgetCurrency: requireCurrency("budget.currency", budget.currency),
  };
}

/** Campaign rules. Every query is scoped to the viewer's workspace; invalid input writes nothing. */
export class CampaignService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    /** The supergraph's API schema playbooks are checked against. */
    private readonly apiSchema: GraphQLSchema,
  ) {}

  list(page: Page): Promise<Campaign[]> {
    return listInWorkspace<Campaign>(this.em, Campaign, this.viewer, page);
  }

  async create(draft: CampaignDraft): Promise<Campaign> {
    requireWriter(this.viewer);
    const name = requireText("name", draft.name, 200);
    const budget = checkBudget(draft.budget);
    checkSchedule(draft.startsAt, draft.endsAt);
    const audience = draft.audience ? checkAudience(draft.audience) : [];
    const playbook = draft.playbook
      ? checkPlaybookInput(this.apiSchema, "playbook", draft.playbook)
      : null;
    const campaign = this.em.create(Campaign, {
      workspace: this.viewer.workspaceId,
      name,
      objective: draft.objective,
      ...budget,
      startsAt: draft.startsAt ?? null,
      endsAt: draft.endsAt ?? null,
      audience,
      playbook,
    } as never);
    await this.em.flush();
    return campaign;
  }

  async update(campaign: Campaign, changes: CampaignChanges): Promise<Campaign> {
    requireWriter(this.viewer);
    const next: Partial<Campaign> = {};
    if (changes.name != null) {
      next.name = requireText("name", changes.name, 200);
    }
    if (changes.budget != null) {
      Object.assign(next, checkBudget(changes.budget));
    }
    if (changes.status != null) {
      next.status = changes.status;
    }
    if (changes.startsAt !== undefined) {
      next.startsAt = changes.startsAt;
    }
    if (changes.endsAt !== undefined) {
      next.endsAt = changes.endsAt;
    }
    if (changes.audience != null) {
      next.audience = checkAudience(changes.audience);
    }
    if (changes.playbook != null) {
      next.playbook = checkPlaybookInput(this.apiSchema, "playbook", changes.playbook);
    }
    checkSchedule(next.startsAt ?? campaign.startsAt, next.endsAt ?? campaign.endsAt);
    this.em.assign(campaign, next as never);
    await this.em.flush();
    return campaign;
  }
}
