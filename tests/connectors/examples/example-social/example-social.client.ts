import type {
  ConnectionHandle,
  ConnectorContext,
} from "../../../../connectors/kit/contracts/index.js";
import { requireSecret, requireSetting } from "../../../../connectors/kit/credentials.js";
import type { ProviderResponse } from "../../../../connectors/kit/default-classifier.js";
import { expectBody } from "../../../../connectors/kit/expect-body.js";
import type { postBody } from "./example-social.mapper.js";
import {
  parseMe,
  parseMetricsList,
  parsePublish,
  parsePublishList,
  publishAnswer,
  type ExampleSocialMe,
  type ExampleSocialMetrics,
  type ExampleSocialPublish,
} from "./example-social.schemas.js";

/** One method per Example Social endpoint (API v1), each through the connector's HTTP core. */
export interface ExampleSocialClient {
  /** `GET /v1/me`: the account the token belongs to. */
  me(): Promise<ExampleSocialMe>;
  /**
   * `POST /v1/accounts/:id/posts`, answered 202 with a PROCESSING publish. Not idempotent: a
   * lost answer is looked up with `findAgain` (the account's publishes by `client_ref`).
   */
  createPost(
    body: ReturnType<typeof postBody>,
    findAgain: () => Promise<ExampleSocialPublish | undefined>,
  ): Promise<ExampleSocialPublish>;
  /** `GET /v1/publishes/:id`. */
  publish(publishId: string): Promise<ExampleSocialPublish>;
  /** `GET /v1/accounts/:id/publishes?client_ref=&since=`: the publishes made for a marker. */
  publishesFor(clientRef: string, since: Date): Promise<ExampleSocialPublish[]>;
  /** `DELETE /v1/posts/:id` (204). */
  deletePost(postId: string): Promise<void>;
  /** `GET /v1/posts/metrics?ids=`. */
  metrics(postIds: readonly string[]): Promise<ExampleSocialMetrics[]>;
}

export function createExampleSocialClient(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets" | "settings">,
): ExampleSocialClient {
  const provider = ctx.config.key;
  const headers = {
    authorization: `Bearer ${requireSecret(ctx.config, connection, "accessToken")}`,
  };
  const version = ctx.config.apiVersion ?? "v1";
  // Learned by `verify`, so read only by the calls that need it.
  const account = () => encodeURIComponent(requireSetting(ctx.config, connection, "accountId"));

  return {
    async me() {
      const response = await ctx.http({
        method: "GET",
        path: `${version}/me`,
        headers,
        idempotent: true,
      });
      return expectBody(response, parseMe, { provider, what: "account" });
    },

    async createPost(body, findAgain) {
      const response = await ctx.http({
        method: "POST",
        path: `${version}/accounts/${account()}/posts`,
        headers,
        body,
        reconcile: async (): Promise<ProviderResponse | undefined> => {
          const found = await findAgain();
          return (
            found && {
              status: 202,
              headers: new Headers({ "content-type": "application/json" }),
              body: publishAnswer(found),
            }
          );
        },
      });
      return expectBody(response, parsePublish, { provider, what: "publish", write: true });
    },

    async publish(publishId) {
      const response = await ctx.http({
        method: "GET",
        path: `${version}/publishes/${encodeURIComponent(publishId)}`,
        headers,
        idempotent: true,
      });
      return expectBody(response, parsePublish, { provider, what: "publish" });
    },

    async publishesFor(clientRef, since) {
      const response = await ctx.http({
        method: "GET",
        path: `${version}/accounts/${account()}/publishes`,
        query: { client_ref: clientRef, since: since.toISOString() },
        headers,
        idempotent: true,
      });
      return expectBody(response, parsePublishList, { provider, what: "publish list" });
    },

    async deletePost(postId) {
      await ctx.http({
        method: "DELETE",
        path: `${version}/posts/${encodeURIComponent(postId)}`,
        headers,
        // Deleting twice deletes once: the second answers 404, which the connector accepts.
        idempotent: true,
      });
    },

    async metrics(postIds) {
      const response = await ctx.http({
        method: "GET",
        path: `${version}/posts/metrics`,
        query: { ids: postIds.join(",") },
        headers,
        idempotent: true,
      });
      return expectBody(response, parseMetricsList, { provider, what: "metrics" });
    },
  };
}
