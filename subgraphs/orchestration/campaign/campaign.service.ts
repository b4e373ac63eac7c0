import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../../../platform/auth/viewer.js";
import { Campaign } from "../../../orm/entities/index.js";
import { requireWriter } from "../../shared/authorization.js";
import { BadUserInputError } from "../../shared/errors.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import type { Page } from "../../shared/pagination.js";
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
}

export interface CampaignChanges {
  name?: string | null;
  status?: Campaign["status"] | null;
  budget?: MoneyValue | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
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
  ) {}

  list(page: Page): Promise<Campaign[]> {
    return listInWorkspace<Campaign>(this.em, Campaign, this.viewer, page);
  }

  async create(draft: CampaignDraft): Promise<Campaign> {
    requireWriter(this.viewer);
    const name = requireText("name", draft.name, 200);
    const budget = checkBudget(draft.budget);
    checkSchedule(draft.startsAt, draft.endsAt);
    const campaign = this.em.create(Campaign, {
      workspace: this.viewer.workspaceId,
      name,
      objective: draft.objective,
      ...budget,
      startsAt: draft.startsAt ?? null,
      endsAt: draft.endsAt ?? null,
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
    checkSchedule(next.startsAt ?? campaign.startsAt, next.endsAt ?? campaign.endsAt);
    this.em.assign(campaign, next as never);
    await this.em.flush();
    return campaign;
  }
}
