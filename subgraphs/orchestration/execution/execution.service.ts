import type { EntityManager } from "@mikro-orm/postgresql";
import { Agent, Campaign, Execution } from "../../../orm/entities/index.js";
import { uuidv7 } from "../../../orm/uuid.js";
import type { Viewer } from "../../../platform/auth/viewer.js";
import { requireWriter } from "../../shared/authorization.js";
import { BadUserInputError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { isUuid } from "../../shared/validation.js";
import { ExecutionStateError, type ExecutionControl } from "../engine/execution-control.js";
import { checkInputs } from "../playbook/inputs.js";
import { PlaybookError, reasonOf } from "../playbook/playbook.errors.js";
import { parsePlaybook } from "../playbook/playbook-parser.js";
import type { JsonObject, Playbook } from "../playbook/playbook.types.js";

export interface StartRequest {
  agentId?: string | null;
  campaignId?: string | null;
  inputs?: Record<string, unknown> | null;
  mode: Execution["mode"];
  startAt?: Date | null;
}

const MAX_SCHEDULE_MS = 366 * 24 * 3600 * 1000;

function asInputError(error: unknown): unknown {
  return error instanceof PlaybookError
    ? new BadUserInputError(error.field ?? "inputs", reasonOf(error))
    : error;
}

/** Starting and steering executions, always inside the viewer's workspace. */
export class ExecutionService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly control: ExecutionControl,
  ) {}

  private async source(request: StartRequest) {
    const [kind, id] = request.agentId
      ? (["agent", request.agentId] as const)
      : (["campaign", request.campaignId] as const);
    if (!request.agentId === !request.campaignId) {
      throw new BadUserInputError("agentId", "give exactly one of agentId and campaignId");
    }
    const where = {
      id: isUuid(id!) ? id!.toLowerCase() : "00000000-0000-0000-0000-000000000000",
      workspace: this.viewer.workspaceId,
    };
    if (kind === "agent") {
      const agent = await this.em.findOne(Agent, where);
      if (!agent) {
        throw new NotFoundError("Agent");
      }
      return {
        agent: agent.id,
        campaign: null,
        playbook: agent.playbook,
        base: agent.defaultInputs ?? {},
      };
    }
    const campaign = await this.em.findOne(Campaign, where);
    if (!campaign) {
      throw new NotFoundError("Campaign");
    }
    if (!campaign.playbook) {
      throw new BadUserInputError("campaignId", "the campaign has no playbook yet");
    }
    return {
      agent: null,
      campaign: campaign.id,
      playbook: campaign.playbook,
      base: { audience: campaign.audience, campaignId: campaign.id },
    };
  }

  async start(request: StartRequest): Promise<Execution> {
    requireWriter(this.viewer);
    const source = await this.source(request);
    let playbook: Playbook;
    let inputs: JsonObject;
    try {
      playbook = parsePlaybook(source.playbook);
      const declared = Object.fromEntries(
        Object.entries(source.base).filter(([name]) => name in playbook.inputs),
      );
      inputs = checkInputs(playbook, { ...declared, ...request.inputs });
    } catch (error) {
      throw asInputError(error);
    }
    if (!playbook.steps.length) {
      throw new BadUserInputError("playbook", "the playbook has no steps");
    }
    const startAt = request.startAt ?? null;
    if (startAt && startAt.getTime() > Date.now() + MAX_SCHEDULE_MS) {
      throw new BadUserInputError("startAt", "must be within a year");
    }
    const id = uuidv7();
    await this.em.transactional(async tx => {
      const execution = tx.create(Execution, {
        id,
        workspace: this.viewer.workspaceId,
        agent: source.agent,
        campaign: source.campaign,
        mode: request.mode,
        playbook: source.playbook,
        inputs,
        startedBy: this.viewer.userId,
        scheduledAt: startAt && startAt.getTime() > Date.now() ? startAt : null,
      } as never);
      await tx.flush();
      await this.control.begin(tx as EntityManager, execution);
    });
    return this.em.findOneOrFail(Execution, { id }, { refresh: true });
  }

  /** Applies a control (cancel, pause, resume, retry) to one of the workspace's executions. */
  async steer(id: string, action: "cancel" | "pause" | "resume" | "retry"): Promise<Execution> {
    requireWriter(this.viewer);
    const found = isUuid(id)
      ? await this.em.findOne(Execution, {
          id: id.toLowerCase(),
          workspace: this.viewer.workspaceId,
        })
      : null;
    if (!found) {
      throw new NotFoundError("Execution");
    }
    try {
      await this.em.transactional(tx => this.control[action](tx as EntityManager, found.id));
    } catch (error) {
      throw error instanceof ExecutionStateError ? new ConflictError(error.message) : error;
    }
    return this.em.findOneOrFail(Execution, { id: found.id }, { refresh: true });
  }
}
