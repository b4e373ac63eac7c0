import {
  date,
  isRecord,
  rec,
  records,
  str,
  type JsonRecord,
} from "../../../../connectors/kit/json.js";

/**
 * Readers of Example Shop Admin API answers (2026-10). Records are kept as the shop sends them
 * (`JsonRecord`) until the mapper reads them; these check the envelopes Crosscast relies on.
 */

/** An error answer: `{errors: "text"}` or `{errors: {field: ["message"]}}`. */
export function errorText(body: unknown): string | undefined {
  const errors = isRecord(body) ? body.errors : undefined;
  if (typeof errors === "string") {
    return errors;
  }
  return isRecord(errors)
    ? Object.entries(errors)
        .map(
          ([field, messages]) =>
            `${field} ${Array.isArray(messages) ? messages.join(", ") : String(messages)}`,
        )
        .join("; ")
    : undefined;
}

export interface ShopJson {
  domain: string;
  name: string;
  currency: string;
  timezone: string;
  email?: string;
}

export function parseShop(body: unknown): ShopJson | undefined {
  const shop = isRecord(body) ? rec(body, "shop") : undefined;
  const domain = shop && str(shop, "domain");
  const currency = shop && str(shop, "currency");
  const timezone = shop && str(shop, "iana_timezone");
  if (!shop || !domain || !currency || !timezone) {
    return undefined;
  }
  const email = str(shop, "email");
  return {
    domain,
    name: str(shop, "name") ?? domain,
    currency,
    timezone,
    ...(email ? { email } : {}),
  };
}

export type BulkStatus = "running" | "completed" | "failed";

export interface BulkJson {
  id: string;
  status: BulkStatus;
  resource: string;
  url?: string;
  errorCode?: string;
}

function bulkOf(value: JsonRecord | undefined): BulkJson | undefined {
  const id = value && str(value, "id");
  const status = value && str(value, "status");
  const resource = value && str(value, "resource");
  if (
    !value ||
    !id ||
    !resource ||
    (status !== "running" && status !== "completed" && status !== "failed")
  ) {
    return undefined;
  }
  const url = str(value, "url");
  const errorCode = str(value, "error_code");
  if (status === "completed" && !url) {
    return undefined;
  }
  return { id, status, resource, ...(url ? { url } : {}), ...(errorCode ? { errorCode } : {}) };
}

/** `{bulk_operation: {...}}`. */
export const parseBulk = (body: unknown) =>
  bulkOf(isRecord(body) ? rec(body, "bulk_operation") : undefined);

/** `GET /bulk_operations/current.json`: `{bulk_operation: {...} | null}`. */
export function parseCurrentBulk(body: unknown): { current?: BulkJson } | undefined {
  if (!isRecord(body) || !("bulk_operation" in body)) {
    return undefined;
  }
  const current = bulkOf(rec(body, "bulk_operation"));
  return current ? { current } : {};
}

/** A list answer `{<key>: [...]}`. */
export const parseList =
  (key: string) =>
  (body: unknown): JsonRecord[] | undefined =>
    isRecord(body) && Array.isArray(body[key]) ? records(body[key]) : undefined;

/** `page_info` of the `rel="next"` link in a `Link` header, if there is a next page. */
export function nextPageInfo(link: string | null): string | undefined {
  for (const part of (link ?? "").split(",")) {
    const match = /<([^>]+)>;\s*rel="next"/.exec(part.trim());
    if (match?.[1]) {
      return new URL(match[1]).searchParams.get("page_info") ?? undefined;
    }
  }
  return undefined;
}

export interface DiscountJson {
  id: string;
  title: string;
  codes: string[];
}

export function discountOf(value: JsonRecord | undefined): DiscountJson | undefined {
  const id = value && str(value, "id");
  if (!value || !id) {
    return undefined;
  }
  const codes = records(value.codes).flatMap(code => str(code, "code") ?? []);
  return { id, title: str(value, "title") ?? "", codes };
}

export const parseDiscount = (body: unknown) =>
  discountOf(isRecord(body) ? rec(body, "discount") : undefined);

export const parseDiscounts = (body: unknown) =>
  parseList("discounts")(body)?.flatMap(item => discountOf(item) ?? []);

/** The customer a consent update answered with: only that it is one. */
export const parseCustomer = (body: unknown) => {
  const customer = isRecord(body) ? rec(body, "customer") : undefined;
  return customer && str(customer, "id") ? customer : undefined;
};

/** A webhook: its topic and id from the headers, the record from the body. */
export interface Delivery {
  id: string;
  topic: string;
  body: JsonRecord;
  triggeredAt?: Date;
}

export function parseDelivery(
  headers: Record<string, string | undefined>,
  body: unknown,
): Delivery | undefined {
  const id = headers["x-example-webhook-id"];
  const topic = headers["x-example-topic"];
  const triggeredAt = date({ at: headers["x-example-triggered-at"] }, "at");
  return id && topic && isRecord(body)
    ? { id, topic, body, ...(triggeredAt ? { triggeredAt } : {}) }
    : undefined;
}
