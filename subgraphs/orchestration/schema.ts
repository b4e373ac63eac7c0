import { buildFederatedSchema } from "../shared/build-federated-schema.js";
import { resolveAgentReference } from "./agent/agent.reference.js";
import { AgentResolver } from "./agent/agent.resolver.js";
import { resolveCampaignReference } from "./campaign/campaign.reference.js";
import { CampaignResolver } from "./campaign/campaign.resolver.js";
import { resolveConnectionReference } from "./connection/connection.reference.js";
import { ConnectionResolver } from "./connection/connection.resolver.js";
import { resolveExecutionReference } from "./execution/execution.reference.js";
import { ExecutionEventsResolver } from "./execution/execution-events.resolver.js";
import { ExecutionResolver } from "./execution/execution.resolver.js";
import { ProviderResolver } from "./provider/provider.resolver.js";
import { SimulationResolver } from "./simulation/simulation.resolver.js";
import { resolveWorkspaceReference } from "./workspace/workspace.reference.js";
import { WorkspaceResolver } from "./workspace/workspace.resolver.js";

/** The orchestration subgraph owns workspaces, campaigns, agents, executions and connections. */
export function buildOrchestrationSchema() {
  return buildFederatedSchema({
    resolvers: [
      WorkspaceResolver,
      CampaignResolver,
      AgentResolver,
      ExecutionResolver,
      ExecutionEventsResolver,
      ConnectionResolver,
      ProviderResolver,
      SimulationResolver,
    ],
    references: {
      Workspace: { __resolveReference: resolveWorkspaceReference },
      Campaign: { __resolveReference: resolveCampaignReference },
      Agent: { __resolveReference: resolveAgentReference },
      Execution: { __resolveReference: resolveExecutionReference },
      Connection: { __resolveReference: resolveConnectionReference },
    },
  });
}
