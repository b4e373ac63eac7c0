import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../../../platform/auth/viewer.js";
import { Agent } from "../../../orm/entities/index.js";
import { requireWriter } from "../../shared/authorization.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import type { Page } from "../../shared/pagination.js";
import { requireText } from "../../shared/validation.js";

export class AgentService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  list(page: Page): Promise<Agent[]> {
    return listInWorkspace<Agent>(this.em, Agent, this.viewer, page);
  }

  async create(input: { name: string; description?: string | null }): Promise<Agent> {
    requireWriter(this.viewer);
    const agent = this.em.create(Agent, {
      workspace: this.viewer.workspaceId,
      name: requireText("name", input.name, 120),
      description: input.description ? requireText("description", input.description, 2_000) : null,
    } as never);
    await this.em.flush();
    return agent;
  }
}
