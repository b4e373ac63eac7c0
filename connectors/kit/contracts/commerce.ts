import type { BaseConnector, ConnectionHandle, ConnectorContext } from "./connector.js";

/**
 * The commerce contract: the shop, its customers, products and orders synced in bulk and then
 * incrementally, discounts for attribution, and marketing consent written back. Designed against
 * Shopify's Admin GraphQL API: bulk operations producing JSONL, `updated_at` queries with cursors,
 * `discountCodeBasicCreate`, and the customer consent mutations.
 */

export interface ShopInfo {
  /** The shop's own domain (`name.myshopify.com`). */
  domain: string;
  name: string;
  currency: string;
  timeZone: string;
  email?: string;
}

export type CommerceResource = "CUSTOMERS" | "PRODUCTS" | "ORDERS";

export type ConsentState = "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING";

export interface CommerceCustomer {
  id: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  tags: string[];
  emailMarketingConsent?: ConsentState;
  smsMarketingConsent?: ConsentState;
  country?: string;
  updatedAt: Date;
}

export interface CommerceProduct {
  id: string;
  title: string;
  handle?: string;
  collections: string[];
  updatedAt: Date;
}

export interface CommerceOrder {
  id: string;
  name: string;
  customerId?: string;
  /** Integer micros in the shop's currency. */
  totalMicros: number;
  currency: string;
  discountCodes: string[];
  landingSite?: string;
  productIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type CommerceRecord =
  | { resource: "CUSTOMERS"; record: CommerceCustomer }
  | { resource: "PRODUCTS"; record: CommerceProduct }
  | { resource: "ORDERS"; record: CommerceOrder };

/** A bulk export run: poll until DONE, then read the records from its (JSONL) result. */
export type BulkRun =
  | { state: "RUNNING"; ref: string; retryAfterMs: number }
  | { state: "DONE"; ref: string; records(): AsyncIterable<CommerceRecord> }
  | { state: "FAILED"; reason: string };

export interface ChangedSince {
  records: CommerceRecord[];
  /** Where the next call continues, absent when everything changed since `since` was read. */
  cursor?: string;
}

export interface NewDiscount {
  /** Crosscast's id, to find a create whose answer was lost. */
  marker: string;
  title: string;
  codes: string[];
  percentOff?: number;
  amountOffMicros?: number;
  startsAt: Date;
  endsAt?: Date;
}

/** A discount as the shop holds it. */
export interface CreatedDiscount {
  providerDiscountId: string;
  codes: string[];
}

export interface CommerceConnector extends BaseConnector<"COMMERCE"> {
  shop(ctx: ConnectorContext, connection: ConnectionHandle): Promise<ShopInfo>;
  startBulkSync(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    resource: CommerceResource,
  ): Promise<BulkRun>;
  bulkSyncStatus(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    ref: string,
  ): Promise<BulkRun>;
  /** Records changed since `since`, a page at a time (after a bulk sync, and from webhooks' gaps). */
  changedSince(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    resource: CommerceResource,
    since: Date,
    cursor?: string,
  ): Promise<ChangedSince>;
  /** Creates a discount; a create whose answer was lost is looked up by its marker, never made twice. */
  createDiscount(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    discount: NewDiscount,
  ): Promise<CreatedDiscount>;
  /** Finds a discount created for `marker` (a create whose outcome stayed unknown). */
  findDiscount(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    marker: string,
  ): Promise<CreatedDiscount | undefined>;
  /** Writes a Crosscast opt-out (or opt-in) back to the customer's consent. */
  writeConsent(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    customerId: string,
    consent: { channel: "EMAIL" | "SMS"; state: ConsentState },
  ): Promise<void>;
}
