import { buildFederatedSchema } from "../shared/build-federated-schema.js";
import { CampaignRef, ConnectionRef } from "./stubs.js";
import { CampaignMessagesResolver } from "./campaign/campaign-messages.resolver.js";
import { ConnectionMessagesResolver } from "./connection/connection-messages.resolver.js";
import { resolveMessageReference } from "./message/message.reference.js";
import { MessageResolver } from "./message/message.resolver.js";
import { SuppressionResolver } from "./suppression/suppression.resolver.js";

/** The messaging subgraph: messages, and their counts on campaigns and connections. */
export function buildMessagingSchema() {
  return buildFederatedSchema({
    resolvers: [
      MessageResolver,
      SuppressionResolver,
      CampaignMessagesResolver,
      ConnectionMessagesResolver,
    ],
    orphanedTypes: [CampaignRef, ConnectionRef],
    references: { Message: { __resolveReference: resolveMessageReference } },
  });
}
