import { unitHash } from "../../../../connectors/sandbox/delivery-model.js";
import type { JsonRecord } from "../../../../connectors/kit/json.js";
import type { SandboxEnvironment } from "../../../../connectors/sandbox/sandbox.js";
import type { TokenStore } from "../../../../connectors/sandbox/token-store.js";

/** What the fake Example Shop holds: shops with their records, discounts and bulk exports. */
export const COLLECTIONS = ["customers", "products", "orders"] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** A record as the shop renders it, with the order its updates happened in (ties on time). */
export interface StoredRecord {
  json: JsonRecord;
  updatedAt: number;
  sequence: number;
}

export interface SandboxBulk {
  id: string;
  collection: Collection;
  readyAt: Date;
  /** The export, taken when the query ran: one record per line. */
  lines: string[];
}

export interface SandboxShop {
  domain: string;
  name: string;
  currency: string;
  timezone: string;
  records: Record<Collection, Map<string, StoredRecord>>;
  discounts: Map<string, JsonRecord>;
  bulks: Map<string, SandboxBulk>;
  latestBulk?: string;
}

const CONSENTS = ["subscribed", "not_subscribed", "unsubscribed", "pending"];
const COUNTRIES = ["US", "CA", "FR", "DE"];

export class ExampleShopState {
  readonly shops = new Map<string, SandboxShop>();
  private sequence = 0;

  constructor(private readonly now: () => number) {}

  id(): string {
    this.sequence += 1;
    return String(7_000_000_000 + this.sequence);
  }

  /** Stores `json` as changed at `at` (now by default), stamping its `updated_at`. */
  put(shop: SandboxShop, collection: Collection, json: JsonRecord, at = this.now()): JsonRecord {
    this.sequence += 1;
    const stamped = { ...json, updated_at: new Date(at).toISOString() };
    shop.records[collection].set(String(json.id), {
      json: stamped,
      updatedAt: at,
      sequence: this.sequence,
    });
    return stamped;
  }

  /** A shop with customers, products and orders, changed over the day before it was opened. */
  addShop(
    domain: string,
    name: string,
    sizes = { customers: 30, products: 5, orders: 12 },
  ): SandboxShop {
    const shop: SandboxShop = {
      domain,
      name,
      currency: "USD",
      timezone: "America/New_York",
      records: { customers: new Map(), products: new Map(), orders: new Map() },
      discounts: new Map(),
      bulks: new Map(),
    };
    this.shops.set(domain, shop);
    const start = this.now() - 86_400_000;
    const at = (i: number) => start + i * 60_000;
    const productIds: string[] = [];
    for (let i = 0; i < sizes.products; i += 1) {
      const id = this.id();
      productIds.push(id);
      this.put(
        shop,
        "products",
        {
          id,
          title: `Product ${i + 1}`,
          handle: `product-${i + 1}`,
          collection_ids: [String(100 + (i % 2))],
        },
        at(i),
      );
    }
    const customerIds: string[] = [];
    for (let i = 0; i < sizes.customers; i += 1) {
      const id = this.id();
      const pick = (list: string[], salt: string) =>
        list[Math.floor(unitHash(`${domain}:${i}:${salt}`) * list.length)]!;
      customerIds.push(id);
      this.put(
        shop,
        "customers",
        {
          id,
          email: `customer${i + 1}@${domain}`,
          phone: `+1555${String(1_000_000 + i)}`,
          first_name: `Customer`,
          last_name: String(i + 1),
          tags: i % 3 === 0 ? "vip, newsletter" : "newsletter",
          email_marketing_consent: {
            state: pick(CONSENTS, "email"),
            opt_in_level: "single_opt_in",
          },
          sms_marketing_consent: { state: pick(CONSENTS, "sms"), opt_in_level: "single_opt_in" },
          default_address: { country_code: pick(COUNTRIES, "country") },
          created_at: new Date(at(i)).toISOString(),
        },
        at(sizes.products + i),
      );
    }
    for (let i = 0; i < sizes.orders; i += 1) {
      const created = new Date(at(sizes.products + sizes.customers + i)).toISOString();
      this.put(
        shop,
        "orders",
        {
          id: this.id(),
          name: `#${1001 + i}`,
          customer: { id: customerIds[i % customerIds.length] },
          total_price: (19.9 + i * 10).toFixed(2),
          currency: shop.currency,
          discount_codes: i % 4 === 0 ? [{ code: "WELCOME10" }] : [],
          landing_site: `/products/product-${(i % sizes.products) + 1}?utm_source=crosscast`,
          line_items: [{ product_id: productIds[i % productIds.length] }],
          created_at: created,
        },
        at(sizes.products + sizes.customers + i),
      );
    }
    return shop;
  }

  /** Records changed at or after `since`, in the order they changed, after the cursor's place. */
  changed(
    shop: SandboxShop,
    collection: Collection,
    since: number,
    after?: [number, number],
  ): StoredRecord[] {
    return [...shop.records[collection].values()]
      .filter(
        record =>
          record.updatedAt >= since &&
          (!after ||
            record.updatedAt > after[0] ||
            (record.updatedAt === after[0] && record.sequence > after[1])),
      )
      .sort((a, b) => a.updatedAt - b.updatedAt || a.sequence - b.sequence);
  }
}

/** What the sandbox's handlers share: its environment, what it holds and its token stores. */
export interface SandboxContext {
  env: SandboxEnvironment;
  state: ExampleShopState;
  accessTokens: TokenStore;
  refreshTokens: TokenStore;
  /** Signs the bulk exports' download links. */
  linkKey: string;
}
