import {
  date,
  int,
  isRecord,
  rec,
  records,
  str,
  type JsonRecord,
} from "../../../../connectors/kit/json.js";

/**
 * Readers of Example Social's answers (API v1). Every read returns undefined when the answer
 * lacks what Crosscast relies on; `expectBody` turns that into the taxonomy.
 */

/** An error answer: `{error:{code,message}}` with an HTTP status. */
export interface ExampleSocialError {
  code: string;
  message: string;
}

export function parseError(body: unknown): ExampleSocialError | undefined {
  const error = isRecord(body) ? rec(body, "error") : undefined;
  const code = error && str(error, "code");
  return error && code ? { code, message: str(error, "message") ?? "" } : undefined;
}

/** `GET /v1/me`. */
export interface ExampleSocialMe {
  id: string;
  handle: string;
  name: string;
  followers?: number;
  avatarUrl?: string;
}

export function parseMe(body: unknown): ExampleSocialMe | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const id = str(body, "id");
  const handle = str(body, "handle");
  if (!id || !handle) {
    return undefined;
  }
  const followers = int(body, "followers_count");
  const avatarUrl = str(body, "avatar_url");
  return {
    id,
    handle,
    name: str(body, "name") ?? handle,
    ...(followers !== undefined ? { followers } : {}),
    ...(avatarUrl ? { avatarUrl } : {}),
  };
}

export type PublishStatus = "PROCESSING" | "PUBLISHED" | "FAILED";

/** A publish: the answer to `POST …/posts` (202) and `GET /v1/publishes/:id`. */
export interface ExampleSocialPublish {
  id: string;
  status: PublishStatus;
  clientRef?: string;
  postId?: string;
  permalink?: string;
  publishedAt?: Date;
  checkAfterMs?: number;
  failure?: ExampleSocialError;
}

function publishStatus(value: string | undefined): PublishStatus | undefined {
  return value === "PROCESSING" || value === "PUBLISHED" || value === "FAILED" ? value : undefined;
}

export function parsePublish(body: unknown): ExampleSocialPublish | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const id = str(body, "publish_id");
  const status = publishStatus(str(body, "status"));
  if (!id || !status) {
    return undefined;
  }
  const postId = str(body, "post_id");
  if (status === "PUBLISHED" && !postId) {
    return undefined;
  }
  const clientRef = str(body, "client_ref");
  const permalink = str(body, "permalink");
  const publishedAt = date(body, "published_at");
  const checkAfterMs = int(body, "check_after_ms");
  const failure = parseError({ error: rec(body, "failure") });
  return {
    id,
    status,
    ...(clientRef ? { clientRef } : {}),
    ...(postId ? { postId } : {}),
    ...(permalink ? { permalink } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(checkAfterMs !== undefined ? { checkAfterMs } : {}),
    ...(failure ? { failure } : {}),
  };
}

/** The answer a create whose answer was lost would have given, from the publish found again. */
export function publishAnswer(publish: ExampleSocialPublish): JsonRecord {
  return {
    publish_id: publish.id,
    status: publish.status,
    ...(publish.clientRef ? { client_ref: publish.clientRef } : {}),
    ...(publish.postId ? { post_id: publish.postId } : {}),
    ...(publish.permalink ? { permalink: publish.permalink } : {}),
    ...(publish.publishedAt ? { published_at: publish.publishedAt.toISOString() } : {}),
    ...(publish.failure ? { failure: publish.failure } : {}),
  };
}

/** `GET /v1/accounts/:id/publishes`: `{data:[publish…]}`. */
export function parsePublishList(body: unknown): ExampleSocialPublish[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.data)) {
    return undefined;
  }
  return records(body.data).flatMap(item => parsePublish(item) ?? []);
}

/** One post's counters in `GET /v1/posts/metrics`. */
export interface ExampleSocialMetrics {
  postId: string;
  impressions?: number;
  likes?: number;
  replies?: number;
  reposts?: number;
}

export function parseMetricsList(body: unknown): ExampleSocialMetrics[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.data)) {
    return undefined;
  }
  return records(body.data).flatMap(item => {
    const postId = str(item, "post_id");
    if (!postId) {
      return [];
    }
    // A counter the network does not report for this post is absent, not zero.
    return [
      {
        postId,
        impressions: int(item, "impressions"),
        likes: int(item, "likes"),
        replies: int(item, "replies"),
        reposts: int(item, "reposts"),
      },
    ];
  });
}

/** A webhook delivery: `{id, type, created, data}`. */
export interface ExampleSocialDelivery {
  id: string;
  type: string;
  created?: Date;
  data: JsonRecord;
}

export function parseDelivery(body: unknown): ExampleSocialDelivery | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const id = str(body, "id");
  const type = str(body, "type");
  const data = rec(body, "data");
  const created = date(body, "created");
  return id && type && data ? { id, type, data, ...(created ? { created } : {}) } : undefined;
}
