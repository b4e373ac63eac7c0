import { isRecord, rec, str, type JsonRecord } from "../../../../connectors/kit/json.js";
import type { SandboxReply, SandboxRequest } from "../../../../connectors/sandbox/sandbox.js";
import { errors, reply } from "./example-shop.sandbox-errors.js";
import type { Collection, SandboxContext, SandboxShop } from "./example-shop.sandbox-state.js";
import { announce } from "./example-shop.sandbox-webhooks.js";

/**
 * Customers, products and orders: `updated_at` reads paged by a cursor in the Link header, and
 * customers' marketing consent updates (announced by a `customers/update` webhook).
 */
export const API = "/admin/api/2026-10";
const STATES = ["subscribed", "not_subscribed", "unsubscribed", "pending"];

const encodeCursor = (value: JsonRecord) =>
  Buffer.from(JSON.stringify(value)).toString("base64url");
function decodeCursor(text: string): { since: number; after: [number, number] } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return isRecord(value) && typeof value.since === "number" && Array.isArray(value.after)
      ? { since: value.since, after: [Number(value.after[0]), Number(value.after[1])] }
      : undefined;
  } catch {
    return undefined;
  }
}

/** GET <collection>.json */
export function list(
  { env, state }: SandboxContext,
  shop: SandboxShop,
  collection: Collection,
  request: SandboxRequest,
): SandboxReply {
  const limit = Math.min(250, Math.max(1, Number(request.query.get("limit") ?? 50) || 50));
  const pageInfo = request.query.get("page_info");
  const cursor = pageInfo ? decodeCursor(pageInfo) : undefined;
  if (pageInfo && (!cursor || request.query.has("updated_at_min"))) {
    return errors(400, { page_info: ["is invalid, or sent with other filters"] });
  }
  const since =
    cursor?.since ?? Date.parse(request.query.get("updated_at_min") ?? "1970-01-01T00:00:00Z");
  if (Number.isNaN(since)) {
    return errors(400, { updated_at_min: ["is not a date"] });
  }
  const all = state.changed(shop, collection, since, cursor?.after);
  const page = all.slice(0, limit);
  const last = page.at(-1);
  const headers: Record<string, string> = {};
  if (last && all.length > limit) {
    const next = encodeCursor({ since, after: [last.updatedAt, last.sequence] });
    headers.link = `<${env.baseUrl()}${API}/${collection}.json?limit=${limit}&page_info=${next}>; rel="next"`;
  }
  return reply(200, { [collection]: page.map(record => record.json) }, headers);
}

/** PUT customers/:id.json: the customer's email and SMS marketing consent. */
export function updateConsent(
  ctx: SandboxContext,
  shop: SandboxShop,
  id: string,
  body: JsonRecord,
): SandboxReply {
  const { env, state } = ctx;
  const stored = shop.records.customers.get(id);
  if (!stored) {
    return errors(404, "Not Found");
  }
  const customer = rec(body, "customer") ?? {};
  const changes: JsonRecord = {};
  for (const key of ["email_marketing_consent", "sms_marketing_consent"]) {
    const consent = rec(customer, key);
    if (!consent) {
      continue;
    }
    const value = str(consent, "state") ?? "";
    if (!STATES.includes(value)) {
      return errors(422, { [key]: [`state must be one of ${STATES.join(", ")}`] });
    }
    changes[key] = {
      state: value,
      opt_in_level: str(consent, "opt_in_level") ?? "single_opt_in",
      consent_updated_at: env.now().toISOString(),
    };
  }
  const json = state.put(shop, "customers", { ...stored.json, ...changes });
  announce(ctx, shop, "customers/update", json);
  return reply(200, { customer: json });
}
