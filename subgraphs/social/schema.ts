import { buildFederatedSchema } from "../shared/build-federated-schema.js";
import { CampaignRef, ConnectionRef } from "./stubs.js";
import { CampaignPostsResolver } from "./campaign/campaign-posts.resolver.js";
import { ConnectionPostsResolver } from "./connection/connection-posts.resolver.js";
import { resolvePostReference } from "./post/post.reference.js";
import { PostResolver } from "./post/post.resolver.js";

/** The social subgraph: posts, and their counts on campaigns and connections. */
export function buildSocialSchema() {
  return buildFederatedSchema({
    resolvers: [PostResolver, CampaignPostsResolver, ConnectionPostsResolver],
    orphanedTypes: [CampaignRef, ConnectionRef],
    references: { Post: { __resolveReference: resolvePostReference } },
  });
}
