import { ConnectorError } from "../../../../connectors/kit/connector-error.js";
import type {
  ConnectionHandle,
  ConnectorContext,
} from "../../../../connectors/kit/contracts/index.js";
import { requireSecret, requireSetting } from "../../../../connectors/kit/credentials.js";
import type { ProviderResponse } from "../../../../connectors/kit/default-classifier.js";
import { expectBody } from "../../../../connectors/kit/expect-body.js";
import { isRecord, parseJson, type JsonRecord } from "../../../../connectors/kit/json.js";
import { classifyExampleShop } from "./example-shop.classifier.js";
import type { discountBody } from "./example-shop.mapper.js";
import {
  nextPageInfo,
  parseBulk,
  parseCurrentBulk,
  parseCustomer,
  parseDiscount,
  parseDiscounts,
  parseList,
  parseShop,
  type BulkJson,
  type DiscountJson,
  type ShopJson,
} from "./example-shop.schemas.js";

/** Records per page of an incremental read. */
export const PAGE_LIMIT = 25;
/** How long a bulk export's download may take to start answering (the body then streams). */
const DOWNLOAD_HEADERS_TIMEOUT_MS = 10_000;

/** One method per Example Shop Admin API endpoint, each through the connector's HTTP core. */
export interface ExampleShopClient {
  /** `GET /shop.json`. */
  shop(): Promise<ShopJson>;
  /** `POST /bulk_operations.json`; a lost answer is looked up with `findAgain` (the current one). */
  startBulk(collection: string, findAgain: () => Promise<BulkJson | undefined>): Promise<BulkJson>;
  /** `GET /bulk_operations/current.json`: the shop's latest bulk operation, if any. */
  currentBulk(): Promise<BulkJson | undefined>;
  /** `GET /bulk_operations/:id.json`. */
  bulk(id: string): Promise<BulkJson>;
  /** A completed export's JSONL, one record per line, read as it arrives (never held whole). */
  bulkLines(url: string): AsyncIterable<JsonRecord>;
  /** `GET /<collection>.json?updated_at_min=`, or the page a cursor names (`page_info`). */
  changed(
    collection: string,
    since: Date,
    pageInfo?: string,
  ): Promise<{ items: JsonRecord[]; next?: string }>;
  /** `PUT /customers/:id.json` with one channel's marketing consent (setting it twice is harmless). */
  updateConsent(customerId: string, channel: "email" | "sms", state: string): Promise<void>;
  /** `POST /discounts.json`; a lost answer is looked up with `findAgain`. */
  createDiscount(
    body: ReturnType<typeof discountBody>,
    findAgain: () => Promise<DiscountJson | undefined>,
  ): Promise<DiscountJson>;
  /** `GET /discounts.json?query=`: discounts whose title or code holds the text. */
  discounts(query: string): Promise<DiscountJson[]>;
}

const answered = (body: JsonRecord, status = 201): ProviderResponse => ({
  status,
  headers: new Headers({ "content-type": "application/json" }),
  body,
});

export function createExampleShopClient(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets" | "settings">,
): ExampleShopClient {
  const provider = ctx.config.key;
  const headers = {
    "x-example-access-token": requireSecret(ctx.config, connection, "accessToken"),
    "x-example-shop-domain": requireSetting(ctx.config, connection, "shopDomain"),
  };
  const path = (resource: string) => `${ctx.config.apiVersion ?? "2026-10"}/${resource}.json`;
  async function get<T>(
    resource: string,
    parse: (body: unknown) => T | undefined,
    what: string,
    query = {},
  ) {
    const response = await ctx.http({
      method: "GET",
      path: path(resource),
      query,
      headers,
      idempotent: true,
    });
    return { response, value: expectBody(response, parse, { provider, what }) };
  }
  const unavailable = (why: string) =>
    new ConnectorError("UNAVAILABLE", `${provider}: ${why}`, { provider });

  return {
    shop: async () => (await get("shop", parseShop, "shop")).value,

    async startBulk(collection, findAgain) {
      const response = await ctx.http({
        method: "POST",
        path: path("bulk_operations"),
        headers,
        body: { bulk_operation: { resource: collection } },
        reconcile: async () => {
          const found = await findAgain();
          return (
            found &&
            answered({
              bulk_operation: {
                id: found.id,
                status: found.status,
                resource: found.resource,
                ...(found.url ? { url: found.url } : {}),
              },
            })
          );
        },
      });
      return expectBody(response, parseBulk, { provider, what: "bulk operation", write: true });
    },

    currentBulk: async () =>
      (await get("bulk_operations/current", parseCurrentBulk, "bulk operation")).value.current,

    bulk: async id =>
      (await get(`bulk_operations/${encodeURIComponent(id)}`, parseBulk, "bulk operation")).value,

    async *bulkLines(url) {
      // The export is a signed link to a file, not an API call: fetched directly so that it
      // streams (the HTTP core reads whole bodies), with the connector's classifier on failure.
      const started = new AbortController();
      const timer = setTimeout(() => started.abort(), DOWNLOAD_HEADERS_TIMEOUT_MS);
      let response: Response;
      try {
        response = await fetch(url, { signal: started.signal });
      } catch {
        throw unavailable("the bulk export could not be downloaded");
      } finally {
        clearTimeout(timer);
      }
      if (!response.ok || !response.body) {
        const answer = {
          status: response.status,
          headers: response.headers,
          body: parseJson(await response.text()),
        };
        throw classifyExampleShop(answer, provider) ?? unavailable("the bulk export has no body");
      }
      const decoder = new TextDecoder();
      let rest = "";
      const line = (text: string) => {
        const value = parseJson(text);
        if (!isRecord(value)) {
          throw unavailable("the bulk export holds an unreadable line");
        }
        return value;
      };
      const reader = response.body.getReader();
      try {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          rest += decoder.decode(chunk.value, { stream: true });
          for (let end = rest.indexOf("\n"); end >= 0; end = rest.indexOf("\n")) {
            const text = rest.slice(0, end).trim();
            rest = rest.slice(end + 1);
            if (text) {
              yield line(text);
            }
          }
        }
      } finally {
        // A reader that stops early lets go of the download.
        await reader.cancel().catch(() => undefined);
      }
      rest += decoder.decode();
      if (rest.trim()) {
        yield line(rest.trim());
      }
    },

    async changed(collection, since, pageInfo) {
      // With a cursor the shop takes nothing else but the limit: the cursor holds the query.
      const query = pageInfo
        ? { limit: PAGE_LIMIT, page_info: pageInfo }
        : { limit: PAGE_LIMIT, updated_at_min: since.toISOString(), order: "updated_at asc" };
      const { response, value } = await get(
        collection,
        parseList(collection),
        `${collection} page`,
        query,
      );
      const next = nextPageInfo(response.headers.get("link"));
      return { items: value, ...(next ? { next } : {}) };
    },

    async updateConsent(customerId, channel, state) {
      const response = await ctx.http({
        method: "PUT",
        path: path(`customers/${encodeURIComponent(customerId)}`),
        headers,
        body: {
          customer: { [`${channel}_marketing_consent`]: { state, opt_in_level: "single_opt_in" } },
        },
        idempotent: true,
      });
      expectBody(response, parseCustomer, { provider, what: "customer", write: true });
    },

    async createDiscount(body, findAgain) {
      const response = await ctx.http({
        method: "POST",
        path: path("discounts"),
        headers,
        body,
        reconcile: async () => {
          const found = await findAgain();
          return (
            found &&
            answered({
              discount: {
                id: found.id,
                title: found.title,
                codes: found.codes.map(code => ({ code })),
              },
            })
          );
        },
      });
      return expectBody(response, parseDiscount, { provider, what: "discount", write: true });
    },

    discounts: async query =>
      (await get("discounts", parseDiscounts, "discount list", { query })).value,
  };
}
