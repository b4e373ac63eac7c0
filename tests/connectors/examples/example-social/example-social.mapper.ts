import type {
  OutboundPost,
  PostMetrics,
  PublishState,
  SocialProfile,
  SocialWebhookEvent,
} from "../../../../connectors/kit/contracts/index.js";
import { str } from "../../../../connectors/kit/json.js";
import type {
  ExampleSocialDelivery,
  ExampleSocialMe,
  ExampleSocialMetrics,
  ExampleSocialPublish,
} from "./example-social.schemas.js";

/** How long to wait before asking about a publish again when the network suggests nothing. */
const DEFAULT_CHECK_AFTER_MS = 1_000;

/** `POST /v1/accounts/:id/posts`: the network pulls each media item from its URL. */
export function postBody(post: OutboundPost) {
  return {
    ...(post.text ? { text: post.text } : {}),
    ...(post.link ? { link: post.link } : {}),
    media: post.media.map(item => ({ url: item.url, type: item.kind.toLowerCase() })),
    client_ref: post.postId,
  };
}

export function publishState(publish: ExampleSocialPublish): PublishState {
  switch (publish.status) {
    case "PROCESSING":
      return {
        state: "PROCESSING",
        ref: publish.id,
        retryAfterMs: publish.checkAfterMs ?? DEFAULT_CHECK_AFTER_MS,
      };
    case "PUBLISHED":
      return {
        state: "PUBLISHED",
        providerPostId: publish.postId!,
        ...(publish.permalink ? { permalink: publish.permalink } : {}),
        ...(publish.publishedAt ? { publishedAt: publish.publishedAt } : {}),
      };
    case "FAILED":
      return {
        state: "FAILED",
        reason: publish.failure?.message || "the network refused the post",
        ...(publish.failure ? { providerCode: publish.failure.code } : {}),
      };
  }
}

export function postMetrics(metrics: ExampleSocialMetrics): PostMetrics {
  return {
    providerPostId: metrics.postId,
    ...(metrics.impressions !== undefined ? { impressions: metrics.impressions } : {}),
    ...(metrics.likes !== undefined ? { likes: metrics.likes } : {}),
    ...(metrics.replies !== undefined ? { comments: metrics.replies } : {}),
    ...(metrics.reposts !== undefined ? { shares: metrics.reposts } : {}),
  };
}

export function socialProfile(me: ExampleSocialMe): SocialProfile {
  return {
    externalAccountId: me.id,
    handle: me.handle,
    displayName: me.name,
    ...(me.followers !== undefined ? { followers: me.followers } : {}),
    ...(me.avatarUrl ? { avatarUrl: me.avatarUrl } : {}),
  };
}

/** A webhook delivery in Crosscast's terms: a publish that finished (or failed). */
export function webhookEvents(delivery: ExampleSocialDelivery): SocialWebhookEvent[] {
  const { data } = delivery;
  const at = delivery.created ? { occurredAt: delivery.created } : {};
  const postId = str(data, "post_id");
  const clientRef = str(data, "client_ref");
  const publishId = str(data, "publish_id");
  const named = {
    ...(publishId ? { ref: publishId } : {}),
    ...(clientRef ? { postId: clientRef } : {}),
  };
  switch (delivery.type) {
    case "publish.completed":
      return postId
        ? [
            {
              type: "POST_STATUS",
              eventId: delivery.id,
              providerPostId: postId,
              state: "PUBLISHED",
              ...named,
              ...(str(data, "permalink") ? { permalink: str(data, "permalink") } : {}),
              ...at,
            },
          ]
        : [];
    case "publish.failed":
      return publishId
        ? [
            {
              type: "POST_STATUS",
              eventId: delivery.id,
              state: "FAILED",
              ...named,
              reason: str(data, "message") ?? "the network refused the post",
              ...at,
            },
          ]
        : [];
    default:
      return [];
  }
}
