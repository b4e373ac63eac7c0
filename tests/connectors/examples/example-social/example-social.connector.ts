import { ConnectorError } from "../../../../connectors/kit/connector-error.js";
import type { SocialConnector } from "../../../../connectors/kit/contracts/index.js";
import { EXAMPLE_SOCIAL } from "./example-social.catalog.js";
import { classifyExampleSocial } from "./example-social.classifier.js";
import { createExampleSocialClient } from "./example-social.client.js";
import { postBody, postMetrics, publishState, socialProfile } from "./example-social.mapper.js";
import { exampleSocialWebhooks } from "./example-social.webhooks.js";

/** How far before a publish the lookup of a lost one starts, for clock skew with the network. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Example Social: a network that pulls media by URL and publishes asynchronously. A post is
 * created PROCESSING with a publish id (the `ref`), followed with `GET /v1/publishes/:id` until
 * PUBLISHED or FAILED, and announced by a signed `publish.completed` webhook. Crosscast's post id
 * rides as `client_ref`, so a publish whose answer was lost is found again, never made twice.
 */
export const exampleSocialConnector: SocialConnector = {
  provider: EXAMPLE_SOCIAL.key,
  category: "SOCIAL",
  classify: classifyExampleSocial,
  webhooks: exampleSocialWebhooks,
  capabilities: {
    maxTextLength: 500,
    textOnly: true,
    media: [
      { kind: "IMAGE", mimeTypes: ["image/jpeg", "image/png"], maxBytes: 8 * 1024 * 1024 },
      {
        kind: "VIDEO",
        mimeTypes: ["video/mp4"],
        maxBytes: 512 * 1024 * 1024,
        maxDurationSeconds: 140,
      },
    ],
    maxMediaPerPost: 4,
    upload: "PULL_FROM_URL",
    nativeScheduling: false,
  },

  async verify(ctx, connection) {
    const me = await createExampleSocialClient(ctx, connection).me();
    return {
      externalAccountId: me.id,
      displayName: `@${me.handle}`,
      settings: { accountId: me.id, handle: me.handle },
    };
  },

  async publish(ctx, connection, post) {
    const client = createExampleSocialClient(ctx, connection);
    const since = new Date(Date.now() - CLOCK_SKEW_MS);
    const publish = await client.createPost(postBody(post), async () =>
      (await client.publishesFor(post.postId, since)).at(0),
    );
    return publishState(publish);
  },

  async publishStatus(ctx, connection, ref) {
    return publishState(await createExampleSocialClient(ctx, connection).publish(ref));
  },

  async find(ctx, connection, lookup) {
    const since = new Date(lookup.since.getTime() - CLOCK_SKEW_MS);
    const found = await createExampleSocialClient(ctx, connection).publishesFor(
      lookup.postId,
      since,
    );
    return found[0] && publishState(found[0]);
  },

  async deletePost(ctx, connection, providerPostId) {
    try {
      await createExampleSocialClient(ctx, connection).deletePost(providerPostId);
    } catch (error) {
      // Already gone (deleted on the network, or by an earlier try whose answer was lost).
      if (!(error instanceof ConnectorError && error.details.providerCode === "not_found")) {
        throw error;
      }
    }
  },

  async metrics(ctx, connection, providerPostIds) {
    if (providerPostIds.length === 0) {
      return [];
    }
    const found = await createExampleSocialClient(ctx, connection).metrics(providerPostIds);
    return found.map(postMetrics);
  },

  async profile(ctx, connection) {
    return socialProfile(await createExampleSocialClient(ctx, connection).me());
  },
};
