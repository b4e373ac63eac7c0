import { ConnectorError } from "../../../../connectors/kit/connector-error.js";
import type {
  CommerceRecord,
  CommerceResource,
  CommerceWebhookEvent,
  ConsentState,
  NewDiscount,
  ShopInfo,
} from "../../../../connectors/kit/contracts/index.js";
import {
  date,
  rec,
  records,
  str,
  strings,
  type JsonRecord,
} from "../../../../connectors/kit/json.js";
import { EXAMPLE_SHOP } from "./example-shop.catalog.js";
import type { Delivery, ShopJson } from "./example-shop.schemas.js";

/** The shop's collection name for each resource (paths, bulk exports, webhook topics). */
export const COLLECTION: Record<CommerceResource, string> = {
  CUSTOMERS: "customers",
  PRODUCTS: "products",
  ORDERS: "orders",
};

export const resourceOf = (collection: string): CommerceResource | undefined =>
  collection === "customers"
    ? "CUSTOMERS"
    : collection === "products"
      ? "PRODUCTS"
      : collection === "orders"
        ? "ORDERS"
        : undefined;

const CONSENT: Record<string, ConsentState> = {
  subscribed: "SUBSCRIBED",
  not_subscribed: "NOT_SUBSCRIBED",
  unsubscribed: "UNSUBSCRIBED",
  pending: "PENDING",
};

export const consentWord = (state: ConsentState) => state.toLowerCase();

/** Money as the shop writes it ("59.90") → integer micros. */
function micros(text: string | undefined): number | undefined {
  return text && /^-?\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1_000_000) : undefined;
}

export function shopInfo(shop: ShopJson): ShopInfo {
  return {
    domain: shop.domain,
    name: shop.name,
    currency: shop.currency,
    timeZone: shop.timezone,
    ...(shop.email ? { email: shop.email } : {}),
  };
}

function customer(json: JsonRecord, updatedAt: Date): CommerceRecord | undefined {
  const id = str(json, "id");
  if (!id) {
    return undefined;
  }
  const consent = (key: string) => {
    const state = str(rec(json, key) ?? {}, "state");
    return state ? CONSENT[state] : undefined;
  };
  // Tags come as one comma-separated string.
  const tags = (str(json, "tags") ?? "")
    .split(",")
    .map(tag => tag.trim())
    .filter(Boolean);
  // What the shop leaves out stays undefined: absent, not faked.
  return {
    resource: "CUSTOMERS",
    record: {
      id,
      tags,
      updatedAt,
      email: str(json, "email"),
      phone: str(json, "phone"),
      firstName: str(json, "first_name"),
      lastName: str(json, "last_name"),
      emailMarketingConsent: consent("email_marketing_consent"),
      smsMarketingConsent: consent("sms_marketing_consent"),
      country: str(rec(json, "default_address") ?? {}, "country_code"),
    },
  };
}

function order(json: JsonRecord, updatedAt: Date): CommerceRecord | undefined {
  const id = str(json, "id");
  const total = micros(str(json, "total_price"));
  const currency = str(json, "currency");
  const createdAt = date(json, "created_at");
  if (!id || total === undefined || !currency || !createdAt) {
    return undefined;
  }
  const customerId = str(rec(json, "customer") ?? {}, "id");
  const landingSite = str(json, "landing_site");
  return {
    resource: "ORDERS",
    record: {
      id,
      name: str(json, "name") ?? id,
      totalMicros: total,
      currency,
      discountCodes: records(json.discount_codes).flatMap(code => str(code, "code") ?? []),
      productIds: records(json.line_items).flatMap(item => str(item, "product_id") ?? []),
      createdAt,
      updatedAt,
      ...(customerId ? { customerId } : {}),
      ...(landingSite ? { landingSite } : {}),
    },
  };
}

/** A record as the shop sends it (list pages, bulk lines) in Crosscast's terms. */
export function commerceRecord(
  resource: CommerceResource,
  json: JsonRecord,
): CommerceRecord | undefined {
  const updatedAt = date(json, "updated_at");
  if (!updatedAt) {
    return undefined;
  }
  if (resource === "CUSTOMERS") {
    return customer(json, updatedAt);
  }
  if (resource === "ORDERS") {
    return order(json, updatedAt);
  }
  const id = str(json, "id");
  const handle = str(json, "handle");
  return id
    ? {
        resource: "PRODUCTS",
        record: {
          id,
          title: str(json, "title") ?? "",
          collections: strings(json.collection_ids),
          updatedAt,
          ...(handle ? { handle } : {}),
        },
      }
    : undefined;
}

/** The title carries Crosscast's marker: the shop searches titles, so a lost create is found. */
export const markedTitle = (discount: Pick<NewDiscount, "title" | "marker">) =>
  `${discount.title} [${discount.marker}]`;

export function discountBody(discount: NewDiscount) {
  const percent = discount.percentOff;
  const amount = discount.amountOffMicros;
  if ((percent === undefined) === (amount === undefined) || discount.codes.length === 0) {
    throw new ConnectorError(
      "INVALID_REQUEST",
      `${EXAMPLE_SHOP.key}: a discount takes codes and one of a percentage or an amount off`,
      {
        provider: EXAMPLE_SHOP.key,
      },
    );
  }
  return {
    discount: {
      title: markedTitle(discount),
      codes: discount.codes.map(code => ({ code })),
      value_type: percent !== undefined ? "percentage" : "fixed_amount",
      value: percent !== undefined ? `-${percent}` : `-${(amount! / 1_000_000).toFixed(2)}`,
      starts_at: discount.startsAt.toISOString(),
      ...(discount.endsAt ? { ends_at: discount.endsAt.toISOString() } : {}),
    },
  };
}

/** A webhook in Crosscast's terms: a record was created, changed or deleted. */
export function webhookEvents(delivery: Delivery): CommerceWebhookEvent[] {
  const [collection = "", action = ""] = delivery.topic.split("/");
  const id = str(delivery.body, "id");
  const resource = resourceOf(collection);
  if (!resource || !id || !["create", "update", "delete"].includes(action)) {
    return [];
  }
  return [
    { type: "RECORD_CHANGED", eventId: delivery.id, resource, id, deleted: action === "delete" },
  ];
}
