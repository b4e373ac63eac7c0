import type { GraphQLSchema } from "graphql";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../../../platform/auth/viewer.js";
import { Agent } from "../../../orm/entities/index.js";
import { requireWriter } from "../../shared/authorization.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import type { Page } from "../../shared/pagination.js";
import { requireText } from "../../shared/validation.js";
import { checkPlaybookInput } from "../playbook/playbook-input.js";

export interface AgentDraft {
  name: string;
  description?: string | null;
  playbook: Record<string, unknown>;
  defaultInputs?: Record<string, unknown> | null;
}

export interface AgentChanges {
  name?: string | null;
  description?: string | null;
  playbook?: Record<string, unknown> | null;
  defaultInputs?: Record<string, unknown> | null;
}

/** Agents: named playbooks with default inputs. A playbook is checked against the supergraph on save. */
export class AgentService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    /** The supergraph's API schema playbooks are checked against. */
    private readonly apiSchema: GraphQLSchema,
  ) {}

  list(page: Page): Promise<Agent[]> {
    return listInWorkspace<Agent>(this.em, Agent, this.viewer, page);
  }

  async create(input: AgentDraft): Promise<Agent> {
    requireWriter(this.viewer);
    const name = requireText("name", input.name, 120);
    const description = input.description
      ? requireText("description", input.description, 2_000)
      : null;
    const playbook = checkPlaybookInput(
      this.apiSchema,
      "playbook",
      input.playbook,
      input.defaultInputs ?? {},
    );
    const agent = this.em.create(Agent, {
      workspace: this.viewer.workspaceId,
      name,
      description,
      playbook,
      defaultInputs: input.defaultInputs ?? {},
    } as never);
    await this.em.flush();
    return agent;
  }

  async update(agent: Agent, changes: AgentChanges): Promise<Agent> {
    requireWriter(this.viewer);
    const next: Partial<Agent> = {};
    if (changes.name != null) {
      next.name = requireText("name", changes.name, 120);
    }
    if (changes.description !== undefined) {
      next.description = changes.description
        ? requireText("description", changes.description, 2_000)
        : null;
    }
    if (changes.playbook != null || changes.defaultInputs != null) {
      next.playbook = checkPlaybookInput(
        this.apiSchema,
        "playbook",
        changes.playbook ?? agent.playbook,
        changes.defaultInputs ?? agent.defaultInputs,
      );
      next.defaultInputs = changes.defaultInputs ?? agent.defaultInputs;
    }
    this.em.assign(agent, next as never);
    await this.em.flush();
    return agent;
  }
}
