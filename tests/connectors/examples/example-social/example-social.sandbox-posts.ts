import { isRecord, records, str } from "../../../../connectors/kit/json.js";
import type { RouteParams } from "../../../../connectors/sandbox/route-table.js";
import type { SandboxReply, SandboxRequest } from "../../../../connectors/sandbox/sandbox.js";
import { error, reply } from "./example-social.sandbox-errors.js";
import { newId, type SandboxAccount, type SandboxContext } from "./example-social.sandbox-state.js";
import { announce } from "./example-social.sandbox-webhooks.js";

/**
 * Posts and their publishes: asynchronous publishing (202, PROCESSING, then PUBLISHED or FAILED
 * two status delays later, announced by a signed webhook), publish lookups, metrics and deletes.
 */
const MAX_TEXT = 500;

function jsonOf(request: SandboxRequest): unknown {
  try {
    return JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return undefined;
  }
}

export const owned = (account: SandboxAccount | undefined, id: string | undefined) =>
  !!account && account.id === id;

/** POST /v1/accounts/:account/posts */
export function createPost(
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
): SandboxReply {
  const { env, state } = ctx;
  const processingMs = () => 2 * env.statusDelayMs;
  const body = jsonOf(request);
  if (!isRecord(body)) {
    return error(400, "invalid_request", "The body must be a JSON object.");
  }
  const clientRef = str(body, "client_ref");
  const text = str(body, "text");
  const media = records(body.media).map(item => ({
    url: str(item, "url") ?? "",
    type: str(item, "type") ?? "",
  }));
  if (!clientRef || clientRef.length > 64) {
    return error(400, "invalid_post", "client_ref is required (at most 64 characters).");
  }
  if ((text ?? "").length > MAX_TEXT) {
    return error(400, "invalid_post", `text is longer than ${MAX_TEXT} characters.`);
  }
  if (!text && media.length === 0) {
    return error(400, "invalid_post", "A post needs text or media.");
  }
  if (
    media.length > 4 ||
    media.some(item => !/^https?:\/\//.test(item.url) || !["image", "video"].includes(item.type))
  ) {
    return error(
      400,
      "invalid_post",
      "media: at most 4 items, each an http(s) url of an image or a video.",
    );
  }
  const unreachable = media.find(item => item.url.includes("unreachable"));
  const accepted = env.now();
  const publish = {
    id: newId("pub"),
    accountId: account.id,
    clientRef,
    ...(text ? { text } : {}),
    media,
    acceptedAt: accepted,
    readyAt: new Date(accepted.getTime() + processingMs()),
    postId: newId("post"),
    ...(unreachable
      ? { failure: { code: "media_unreachable", message: `Could not fetch ${unreachable.url}.` } }
      : {}),
  };
  state.publishes.set(publish.id, publish);
  announce(
    ctx,
    publish.failure ? "publish.failed" : "publish.completed",
    account.id,
    {
      publish_id: publish.id,
      client_ref: clientRef,
      ...(publish.failure
        ? { code: publish.failure.code, message: publish.failure.message }
        : { post_id: publish.postId, permalink: state.permalink(publish, env.baseUrl()) }),
    },
    processingMs(),
  );
  // Accepted is PROCESSING, however long the work above took.
  return reply(202, state.publishJson(publish, env.baseUrl(), "PROCESSING"));
}

/** GET /v1/accounts/:account/publishes */
export function listPublishes(
  { env, state }: SandboxContext,
  principal: SandboxAccount | undefined,
  request: SandboxRequest,
  params: RouteParams,
): SandboxReply {
  if (!owned(principal, params.account)) {
    return error(404, "not_found", "No such account.");
  }
  const clientRef = request.query.get("client_ref");
  const since = Date.parse(request.query.get("since") ?? "");
  const found = [...state.publishes.values()].filter(
    publish =>
      publish.accountId === principal!.id &&
      (!clientRef || publish.clientRef === clientRef) &&
      (Number.isNaN(since) || publish.acceptedAt.getTime() >= since),
  );
  return reply(200, {
    data: found.map(publish => state.publishJson(publish, env.baseUrl())),
  });
}

/** GET /v1/publishes/:id */
export function fetchPublish(
  { env, state }: SandboxContext,
  principal: SandboxAccount | undefined,
  params: RouteParams,
): SandboxReply {
  const publish = state.publishes.get(params.id ?? "");
  return publish && owned(principal, publish.accountId)
    ? reply(200, state.publishJson(publish, env.baseUrl()))
    : error(404, "not_found", "No such publish.");
}

/** GET /v1/posts/metrics */
export function postMetrics(
  { state }: SandboxContext,
  principal: SandboxAccount | undefined,
  request: SandboxRequest,
): SandboxReply {
  const ids = (request.query.get("ids") ?? "").split(",").filter(Boolean);
  if (ids.length === 0 || ids.length > 100) {
    return error(400, "invalid_request", "ids: between 1 and 100 post ids.");
  }
  const posts = ids
    .flatMap(id => state.post(id) ?? [])
    .filter(post => owned(principal, post.accountId));
  return reply(200, { data: posts.map(post => state.metrics(post)) });
}

/** DELETE /v1/posts/:id */
export function deletePost(
  { state }: SandboxContext,
  principal: SandboxAccount | undefined,
  params: RouteParams,
): SandboxReply {
  const post = state.post(params.id ?? "");
  if (!post || !owned(principal, post.accountId)) {
    return error(404, "not_found", "No such post.");
  }
  post.deleted = true;
  return reply(204);
}
