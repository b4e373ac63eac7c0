import { createHmac, randomBytes } from "node:crypto";
import { isRecord, rec, records, str, type JsonRecord } from "../../../../connectors/kit/json.js";
import { safeEqual } from "../../../../connectors/kit/webhook-signatures.js";
import { createRouteTable, type Route } from "../../../../connectors/sandbox/route-table.js";
import {
  formBody,
  type ProviderSandbox,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import { TokenStore } from "../../../../connectors/sandbox/token-store.js";
import { EXAMPLE_SHOP } from "./example-shop.catalog.js";
import { EXAMPLE_SHOP_DEMO_ACCOUNT } from "./example-shop.demo.js";
import {
  COLLECTIONS,
  ExampleShopState,
  type Collection,
  type SandboxBulk,
  type SandboxShop,
} from "./example-shop.sandbox-state.js";
import { signExampleShop } from "./example-shop.webhooks.js";

/**
 * A wire-faithful fake of the Example Shop Admin API 2026-10: `X-Example-Access-Token` with
 * one-hour tokens and single-use refresh tokens, `X-Example-Shop-Domain`, `{errors}` bodies, 429
 * with Retry-After, `updated_at` reads paged by a cursor in the Link header, bulk exports that run
 * for two status delays and then serve a signed JSONL link, discounts with unique codes, and
 * `customers/update` webhooks signed with the app's client secret.
 */
export interface ExampleShopSandbox extends ProviderSandbox {
  createConnection(): { secrets: Record<string, string>; settings: Record<string, string> };
  /** Discounts the shop holds whose title carries Crosscast's marker. */
  discountsFor(marker: string): number;
}

const API = "/admin/api/2026-10";
const ACCESS_TTL_SECONDS = 3600;
const STATES = ["subscribed", "not_subscribed", "unsubscribed", "pending"];
const CODE = /^[A-Za-z0-9_-]{3,255}$/;
const INVALID_TOKEN =
  "[API] Invalid API key or access token (unrecognized login or wrong password)";

const reply = (
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): SandboxReply => ({
  status,
  headers: { "x-shop-api-call-limit": "1/40", ...headers },
  body,
});
const errors = (
  status: number,
  value: string | Record<string, string[]>,
  headers?: Record<string, string>,
) => reply(status, { errors: value }, headers);

function jsonOf(request: SandboxRequest): JsonRecord {
  try {
    const value: unknown = JSON.parse(request.rawBody.toString("utf8"));
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

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

export function createExampleShopSandbox(env: SandboxEnvironment): ExampleShopSandbox {
  const clock = () => env.now().getTime();
  const state = new ExampleShopState(clock);
  const accessTokens = new TokenStore(clock);
  const refreshTokens = new TokenStore(clock);
  const linkKey = randomBytes(16).toString("hex");
  const exportMs = () => 2 * env.statusDelayMs;
  const signLink = (id: string) => createHmac("sha256", linkKey).update(id).digest("hex");

  const demo = EXAMPLE_SHOP_DEMO_ACCOUNT;
  state.addShop(demo.externalAccountId, demo.displayName);
  accessTokens.register(demo.secrets.accessToken!, demo.externalAccountId);

  function announce(shop: SandboxShop, topic: string, body: JsonRecord) {
    const url = env.appWebhookUrl();
    const secret = env.app.clientSecret;
    if (!url || !secret) {
      return;
    }
    const text = JSON.stringify(body);
    env.webhooks.send({
      url,
      headers: {
        "content-type": "application/json",
        "x-example-topic": topic,
        "x-example-shop-domain": shop.domain,
        "x-example-webhook-id": randomBytes(12).toString("hex"),
        "x-example-triggered-at": env.now().toISOString(),
        "x-example-api-version": "2026-10",
        "x-example-hmac-sha256": signExampleShop(secret, text),
      },
      body: text,
      delayMs: env.statusDelayMs,
    });
  }

  function bulkJson(bulk: SandboxBulk) {
    const done = env.now() >= bulk.readyAt;
    return {
      id: bulk.id,
      resource: bulk.collection,
      status: done ? "completed" : "running",
      object_count: String(done ? bulk.lines.length : 0),
      ...(done
        ? { url: `${env.baseUrl()}/bulk/${bulk.id}.jsonl?signature=${signLink(bulk.id)}` }
        : {}),
    };
  }

  function startBulk(shop: SandboxShop, body: JsonRecord): SandboxReply {
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
      readyAt: new Date(clock() + exportMs()),
      lines: state.changed(shop, collection, 0).map(record => JSON.stringify(record.json)),
    };
    shop.bulks.set(bulk.id, bulk);
    shop.latestBulk = bulk.id;
    return reply(201, { bulk_operation: { ...bulkJson(bulk), status: "running" } });
  }

  function list(shop: SandboxShop, collection: Collection, request: SandboxRequest): SandboxReply {
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

  function updateConsent(shop: SandboxShop, id: string, body: JsonRecord): SandboxReply {
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
    announce(shop, "customers/update", json);
    return reply(200, { customer: json });
  }

  function createDiscount(shop: SandboxShop, body: JsonRecord): SandboxReply {
    const discount = rec(body, "discount") ?? {};
    const title = str(discount, "title") ?? "";
    const codes = records(discount.codes).map(code => str(code, "code") ?? "");
    const valueType = str(discount, "value_type") ?? "";
    const value = Number(str(discount, "value"));
    if (!title || codes.length === 0 || codes.some(code => !CODE.test(code))) {
      return errors(422, { title: ["can't be blank"], code: ["3 to 255 letters, digits, - or _"] });
    }
    if (
      !["percentage", "fixed_amount"].includes(valueType) ||
      !(value < 0) ||
      (valueType === "percentage" && value < -100)
    ) {
      return errors(422, { value: ["must be negative (at most -100 for a percentage)"] });
    }
    const taken = new Set(
      [...shop.discounts.values()].flatMap(held =>
        records(held.codes).map(code => str(code, "code")),
      ),
    );
    if (codes.some(code => taken.has(code))) {
      return errors(422, { code: ["has already been taken"] });
    }
    const made = {
      id: state.id(),
      title,
      value_type: valueType,
      value: value.toFixed(2),
      codes: codes.map(code => ({ code })),
      starts_at: str(discount, "starts_at") ?? env.now().toISOString(),
      ...(str(discount, "ends_at") ? { ends_at: str(discount, "ends_at") } : {}),
      created_at: env.now().toISOString(),
    };
    shop.discounts.set(made.id, made);
    return reply(201, { discount: made });
  }

  function tokenGrant(request: SandboxRequest): SandboxReply {
    const form = formBody(request);
    if (
      form.get("client_id") !== env.app.clientId ||
      form.get("client_secret") !== env.app.clientSecret
    ) {
      return reply(401, {
        error: "invalid_client",
        error_description: "Client authentication failed.",
      });
    }
    const used = refreshTokens.check(form.get("refresh_token") ?? undefined);
    if (form.get("grant_type") !== "refresh_token" || !used.ok) {
      return reply(400, {
        error: "invalid_grant",
        error_description: "The refresh token is invalid, expired or used.",
      });
    }
    refreshTokens.revoke(used.credential.value); // single use
    return reply(200, { ...issue(used.credential.principal), refresh_token_expires_in: 7_776_000 });
  }

  function issue(domain: string) {
    const access = accessTokens.issue(domain, {
      prefix: "eshop_at_",
      ttlSeconds: ACCESS_TTL_SECONDS,
    });
    const refresh = refreshTokens.issue(domain, { prefix: "eshop_rt_" });
    return {
      access_token: access.value,
      expires_in: ACCESS_TTL_SECONDS,
      refresh_token: refresh.value,
      scope: EXAMPLE_SHOP.spec.oauth?.scopes.join(","),
    };
  }

  const route = (
    method: Route<SandboxShop>["method"],
    path: string,
    handle: (
      shop: SandboxShop,
      request: SandboxRequest,
      params: Record<string, string>,
    ) => SandboxReply,
  ): Route<SandboxShop> => ({
    method,
    path: `${API}/${path}`,
    handle: ({ principal, request, params }) => handle(principal!, request, params),
  });

  const routes: Array<Route<SandboxShop>> = [
    route("GET", "shop.json", shop =>
      reply(200, {
        shop: {
          domain: shop.domain,
          name: shop.name,
          currency: shop.currency,
          iana_timezone: shop.timezone,
          email: `owner@${shop.domain}`,
        },
      }),
    ),
    route("POST", "bulk_operations.json", (shop, request) => startBulk(shop, jsonOf(request))),
    route("GET", "bulk_operations/current.json", shop => {
      const latest = shop.latestBulk ? shop.bulks.get(shop.latestBulk) : undefined;
      return reply(200, { bulk_operation: latest ? bulkJson(latest) : null });
    }),
    route("GET", "bulk_operations/:id.json", (shop, _request, params) => {
      const bulk = shop.bulks.get(params.id ?? "");
      return bulk ? reply(200, { bulk_operation: bulkJson(bulk) }) : errors(404, "Not Found");
    }),
    ...COLLECTIONS.map(collection =>
      route("GET", `${collection}.json`, (shop, request) => list(shop, collection, request)),
    ),
    route("PUT", "customers/:id.json", (shop, request, params) =>
      updateConsent(shop, params.id ?? "", jsonOf(request)),
    ),
    route("POST", "discounts.json", (shop, request) => createDiscount(shop, jsonOf(request))),
    route("GET", "discounts.json", (shop, request) => {
      const query = (request.query.get("query") ?? "").toLowerCase();
      const found = [...shop.discounts.values()].filter(discount =>
        JSON.stringify([discount.title, discount.codes]).toLowerCase().includes(query),
      );
      return reply(200, { discounts: found });
    }),
    {
      method: "GET",
      path: "/bulk/:id.jsonl",
      auth: "public",
      handle: ({ request, params }) => {
        const id = params.id ?? "";
        const bulk = [...state.shops.values()].map(shop => shop.bulks.get(id)).find(Boolean);
        if (!bulk || !safeEqual(signLink(id), request.query.get("signature") ?? "")) {
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
      },
    },
    {
      method: "POST",
      path: "/admin/oauth/access_token",
      auth: "public",
      handle: ({ request }) => tokenGrant(request),
    },
  ];

  const dispatch = createRouteTable<SandboxShop>({
    routes,
    authenticate(request) {
      const checked = accessTokens.check(request.headers["x-example-access-token"]);
      const shop = checked.ok ? state.shops.get(checked.credential.principal) : undefined;
      // Expired, revoked or another shop's: the shop says only that it does not take the token.
      return shop && shop.domain === request.headers["x-example-shop-domain"]
        ? shop
        : errors(401, INVALID_TOKEN);
    },
    notFound: () => errors(404, "Not Found"),
    methodNotAllowed: () => errors(406, "Not Acceptable"),
  });

  function authFault(kind: "AUTH_EXPIRED" | "AUTH_REVOKED", request: SandboxRequest): SandboxReply {
    if (request.path === "/admin/oauth/access_token") {
      refreshTokens.revoke(formBody(request).get("refresh_token") ?? "");
      return reply(400, {
        error: "invalid_grant",
        error_description: "The refresh token was revoked.",
      });
    }
    const token = request.headers["x-example-access-token"];
    const held = accessTokens.check(token);
    accessTokens.applyFault(kind, token);
    if (kind === "AUTH_REVOKED" && held.ok) {
      // The merchant uninstalled the app: every token of the shop dies.
      accessTokens.revokePrincipal(held.credential.principal);
      refreshTokens.revokePrincipal(held.credential.principal);
    }
    return errors(401, INVALID_TOKEN);
  }

  return {
    provider: EXAMPLE_SHOP.key,
    handle: dispatch,
    fault(kind, request, fault) {
      switch (kind) {
        case "RATE_LIMITED":
          return errors(
            429,
            "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
            {
              "retry-after": `${fault.retryAfterSeconds ?? 2}.0`,
            },
          );
        case "UNAVAILABLE":
          return errors(503, "Service Unavailable");
        case "AUTH_EXPIRED":
        case "AUTH_REVOKED":
          return authFault(kind, request);
        case "PERMISSION_DENIED":
          return errors(
            403,
            "[API] This action requires merchant approval for write_discounts scope.",
          );
        case "INVALID_REQUEST":
          return errors(400, { query: ["Required parameter missing or invalid"] });
      }
    },
    createConnection() {
      const domain = `sandbox-${randomBytes(4).toString("hex")}.example-shop.test`;
      state.addShop(domain, "Sandbox shop");
      const tokens = issue(domain);
      return {
        secrets: { accessToken: tokens.access_token, refreshToken: tokens.refresh_token },
        settings: { shopDomain: domain },
      };
    },
    discountsFor: marker =>
      [...state.shops.values()]
        .flatMap(shop => [...shop.discounts.values()])
        .filter(d => String(d.title).endsWith(`[${marker}]`)).length,
  };
}
