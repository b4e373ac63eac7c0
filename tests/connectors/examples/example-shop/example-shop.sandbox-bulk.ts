import { createHmac } from "node:crypto";
import { rec, str, type JsonRecord } from "../../../../connectors/kit/json.js";
import { safeEqual } from "../../../../connectors/kit/webhook-signatures.js";
import type { RouteParams } from "../../../../connectors/sandbox/route-table.js";
import type { SandboxReply, SandboxRequest } from "../../../../connectors/sandbox/sandbox.js";
import { errors, reply } from "./example-shop.sandbox-errors.js";
import {
  COLLECTIONS,
  type SandboxBulk,
  type SandboxContext,
  type SandboxShop,
} from "./example-shop.sandbox-state.js";

/**
 * Bulk exports: they run for two status delays and then serve a signed JSONL link; one at a
 * time per shop.
 */
const signLink = ({ linkKey }: SandboxContext, id: string) =>
  createHmac("sha256", linkKey).update(id).digest("hex");

function bulkJson(ctx: SandboxContext, bulk: SandboxBulk) {
  const { env } = ctx;
  const done = env.now() >= bulk.readyAt;
  return {
    id: bulk.id,
    resource: bulk.collection,
    status: done ? "completed" : "running",
    object_count: String(done ? bulk.lines.length : 0),
    ...(done
      ? { url: `${env.baseUrl()}/bulk/${bulk.id}.jsonl?signature=${signLink(ctx, bulk.id)}` }
      : {}),
  };
}

/** POST bulk_operations.json */
export function startBulk(ctx: SandboxContext, shop: SandboxShop, body: JsonRecord): SandboxReply {
  const { env, state } = ctx;
  const exportMs = () => 2 * env.statusDelayMs;
  const collection = COLLECTIONS.find(
    name => name === str(rec(body, "bulk_operation") ?? {}, "resource"),
  );
  if (!collection) {
    return errors(422, { resource: [`must be one of ${COLLECTIONS.join(", ")}`] });
  }
  const latest = shop.latestBulk ? shop.bulks.get(shop.latestBulk) : undefined;
  if (latest && env.now() < latest.readyAt) {
    return errors(422, { base: ["A bulk operation for this shop is already in progress"] });
  }
  const bulk = {
    id: state.id(),
    collection,
    readyAt: new Date(env.now().getTime() + exportMs()),
    lines: state.changed(shop, collection, 0).map(record => JSON.stringify(record.json)),
  };
  shop.bulks.set(bulk.id, bulk);
  shop.latestBulk = bulk.id;
  return reply(201, { bulk_operation: { ...bulkJson(ctx, bulk), status: "running" } });
}

/** GET bulk_operations/current.json */
export function currentBulk(ctx: SandboxContext, shop: SandboxShop): SandboxReply {
  const latest = shop.latestBulk ? shop.bulks.get(shop.latestBulk) : undefined;
  return reply(200, { bulk_operation: latest ? bulkJson(ctx, latest) : null });
}

/** GET bulk_operations/:id.json */
export function fetchBulk(ctx: SandboxContext, shop: SandboxShop, params: RouteParams) {
  const bulk = shop.bulks.get(params.id ?? "");
  return bulk ? reply(200, { bulk_operation: bulkJson(ctx, bulk) }) : errors(404, "Not Found");
}

/** GET /bulk/:id.jsonl: the export's file, behind its signed link. */
export function downloadBulk(
  ctx: SandboxContext,
  request: SandboxRequest,
  params: RouteParams,
): SandboxReply {
  const id = params.id ?? "";
  const bulk = [...ctx.state.shops.values()].map(shop => shop.bulks.get(id)).find(Boolean);
  if (!bulk || !safeEqual(signLink(ctx, id), request.query.get("signature") ?? "")) {
    return {
      status: 403,
      headers: { "content-type": "application/xml" },
      body: "<Error><Code>AccessDenied</Code></Error>",
    };
  }
  return {
    status: 200,
    headers: { "content-type": "application/jsonl" },
    body: bulk.lines.map(line => `${line}\n`).join(""),
  };
}
