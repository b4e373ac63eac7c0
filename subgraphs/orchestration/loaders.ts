import type { GraphQLSchema } from "graphql";
import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import type { Viewer } from "../../platform/auth/viewer.js";
import {
  Agent,
  Campaign,
  Connection,
  Execution,
  ExecutionStep,
  Workspace,
} from "../../orm/entities/index.js";
import { createByIdLoader } from "../shared/by-id-loader.js";
import type { SubgraphContext } from "../shared/context.js";
import type { ExecutionEngine } from "./engine/execution-engine.js";
import type { ExecutionEventHub } from "./execution/event-hub.js";

/** Every step row of a batch of executions, in one query. */
function createStepsLoader(em: EntityManager) {
  return new DataLoader<string, ExecutionStep[]>(async ids => {
    const rows = await em.find(
      ExecutionStep,
      { execution: { $in: [...new Set(ids)] } },
      { orderBy: { createdAt: "asc", stepId: "asc" } },
    );
    const byExecution = new Map<string, ExecutionStep[]>();
    for (const row of rows) {
      const steps = byExecution.get(row.execution) ?? [];
      steps.push(row);
      byExecution.set(row.execution, steps);
    }
    return ids.map(id => byExecution.get(id) ?? []);
  });
}

/** A viewer sees exactly one workspace: their own. */
function createWorkspaceLoader(em: EntityManager, viewer: Viewer) {
  return new DataLoader<string, Workspace | null>(async ids => {
    const own = ids.some(id => id.toLowerCase() === viewer.workspaceId)
      ? await em.findOne(Workspace, { id: viewer.workspaceId })
      : null;
    return ids.map(id => (id.toLowerCase() === viewer.workspaceId ? own : null));
  });
}

export function createOrchestrationLoaders(em: EntityManager, viewer: Viewer) {
  const workspaceId = viewer.workspaceId;
  return {
    workspaceById: createWorkspaceLoader(em, viewer),
    campaignById: createByIdLoader<Campaign>(em, Campaign, workspaceId),
    agentById: createByIdLoader<Agent>(em, Agent, workspaceId),
    executionById: createByIdLoader<Execution>(em, Execution, workspaceId),
    connectionById: createByIdLoader<Connection>(em, Connection, workspaceId),
    stepsByExecution: createStepsLoader(em),
  };
}

export type OrchestrationLoaders = ReturnType<typeof createOrchestrationLoaders>;
/** What the orchestration subgraph adds to every context (see server.ts). */
export interface OrchestrationServices {
  executions: ExecutionEngine;
  events: ExecutionEventHub;
  /** The supergraph's API schema, built once from the SDL the subgraph was given. */
  apiSchema: GraphQLSchema;
}

export type OrchestrationContext = SubgraphContext<OrchestrationLoaders> & OrchestrationServices;
