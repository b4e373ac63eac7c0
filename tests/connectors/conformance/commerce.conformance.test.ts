import { describe, expect, it } from "@jest/globals";
import type {
  BulkRun,
  CommerceRecord,
  CommerceResource,
  ConnectionHandle,
} from "../../../connectors/kit/contracts/index.js";
import { COMMERCE_CASES } from "./commerce.cases.js";
import { conformanceBaseline, lastVerified } from "./support/conformance-baseline.js";
import { failure, followToEnd } from "./support/conformance-checks.js";
import { useConformanceDatabase, useConformanceWorld } from "./support/conformance-world.js";

/**
 * The commerce contract, held against every shop platform in COMMERCE_CASES: the real connector
 * against its real sandbox over loopback HTTP, webhooks through the connector's own handler, and
 * token refresh through a real ConnectorRuntime over a test database. The baseline every
 * connector is held to is shared (support/conformance-baseline.ts); this file holds the commerce
 * flow. What differs between platforms is data in their case; nothing here names a platform.
 */

/** How long a caller waits for the answer the sandbox holds back, and then for the lookup. */
const LOST_ANSWER_TIMEOUT_MS = 750;
const RESOURCES: readonly CommerceResource[] = ["CUSTOMERS", "PRODUCTS", "ORDERS"];
const EPOCH = new Date(0);

const database = useConformanceDatabase();

describe.each(COMMERCE_CASES)("commerce conformance: $provider", c => {
  const world = useConformanceWorld(c, database);
  const { connector } = c;
  const handler = connector.webhooks;
  let markers = 0;
  const marker = () => `cc${process.pid}x${(markers += 1)}`;
  const discounts = (id: string) => c.discountsFor(world.sandbox(), id);
  const baseline = conformanceBaseline(c, world, {
    words: {
      none: "no discount is created",
      once: "the discount is created exactly once",
      replayed: "the create, made once",
      provider: "the shop",
    },
    route: c.createRoute,
    prepare: () => marker(),
    write: (ctx, connection, id) => connector.createDiscount(ctx, connection, c.discount(id)),
    made: (_connection, id) => discounts(id),
    probe: (ctx, connection) => connector.shop(ctx, connection),
  });

  /** Every record of a resource changed since `since`, following the cursor to the end. */
  async function changedSince(
    connection: ConnectionHandle,
    resource: CommerceResource,
    since: Date,
  ) {
    const all: CommerceRecord[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await connector.changedSince(world.ctx(), connection, resource, since, cursor);
      all.push(...page.records);
      cursor = page.cursor;
      pages += 1;
    } while (cursor);
    return { records: all, pages };
  }
  const ids = (records: CommerceRecord[]) => records.map(record => record.record.id);

  baseline.agreement("COMMERCE");

  it("verifies a shop, reads it, and takes its demo account as is", async () => {
    const connection = await world.connect();
    const identity = await connector.verify(world.ctx(), connection);
    const shop = await connector.shop(world.ctx(), connection);
    expect(identity.externalAccountId).toEqual(expect.any(String));
    expect(shop.currency).toMatch(/^[A-Z]{3}$/);
    expect(() => new Intl.DateTimeFormat("en", { timeZone: shop.timeZone })).not.toThrow();
    const demo = await connector.verify(world.ctx(), c.demo);
    expect(demo.externalAccountId).toBe(c.demo.externalAccountId);
  });

  const successWebhook = handler ? ", and a verified webhook says the customer changed" : "";
  it(`writes a customer's opt-out back to the shop, which reads it back${successWebhook}`, async () => {
    const connection = await world.connect();
    const [customer] = (await changedSince(connection, "CUSTOMERS", EPOCH)).records;
    const id = customer?.record.id;
    expect(id).toEqual(expect.any(String));
    const since = new Date();
    await connector.writeConsent(world.ctx(), connection, id!, {
      channel: "EMAIL",
      state: "UNSUBSCRIBED",
    });
    const changed = (await changedSince(connection, "CUSTOMERS", since)).records;
    expect(changed).toEqual([
      {
        resource: "CUSTOMERS",
        record: expect.objectContaining({ id, emailMarketingConsent: "UNSUBSCRIBED" }),
      },
    ]);
    if (handler) {
      c.provokeWebhook?.(world.sandbox(), connection, id!);
      const events = (await world.webhooks())
        .filter(webhook => webhook.verified)
        .flatMap(webhook => webhook.events);
      expect(events).toContainEqual(
        expect.objectContaining({
          type: "RECORD_CHANGED",
          resource: "CUSTOMERS",
          id,
          deleted: false,
        }),
      );
      expect(new Set(events.map(event => event.eventId)).size).toBe(events.length);
    }
  });

  it("reads every record changed since a moment a page at a time, each once", async () => {
    const connection = await world.connect();
    for (const resource of RESOURCES) {
      const { records } = await changedSince(connection, resource, EPOCH);
      expect(records.length).toBeGreaterThan(0);
      expect(new Set(ids(records)).size).toBe(records.length);
      expect(records.every(record => record.resource === resource)).toBe(true);
      // Later records only, once the moment has moved past the first ones.
      const middle = records[Math.floor(records.length / 2)]!.record.updatedAt;
      const later = (await changedSince(connection, resource, middle)).records;
      expect(later.length).toBeLessThan(records.length);
      expect(later.every(record => record.record.updatedAt >= middle)).toBe(true);
    }
  });

  it.each(RESOURCES)(
    "a bulk export of %s runs to its end and streams the records an incremental read finds",
    async resource => {
      const connection = await world.connect();
      const started = await connector.startBulkSync(world.ctx(), connection, resource);
      const ended: BulkRun = await followToEnd(
        started,
        run => (run.state === "RUNNING" ? run : undefined),
        ref => connector.bulkSyncStatus(world.ctx(), connection, ref),
        () => world.webhooks(),
      );
      if (ended.state !== "DONE") {
        throw new Error(`the bulk export ended ${ended.state}`);
      }
      const streamed: CommerceRecord[] = [];
      for await (const record of ended.records()) {
        streamed.push(record);
      }
      expect(streamed.every(record => record.resource === resource)).toBe(true);
      const incremental = (await changedSince(connection, resource, EPOCH)).records;
      expect(ids(streamed).sort()).toEqual(ids(incremental).sort());
      // A finished export answers the same when asked again (after a restart, say).
      expect(await connector.bulkSyncStatus(world.ctx(), connection, ended.ref)).toMatchObject({
        state: "DONE",
        ref: ended.ref,
      });
    },
  );

  it("creates a discount once, finds it by its marker, and refuses a code already taken", async () => {
    const connection = await world.connect();
    const id = marker();
    const discount = c.discount(id);
    const made = await connector.createDiscount(world.ctx(), connection, discount);
    expect(made.codes).toEqual(discount.codes);
    expect(discounts(id)).toBe(1);
    expect(await connector.findDiscount(world.ctx(), connection, id)).toEqual(made);
    const again = marker();
    const taken = { ...c.discount(again), codes: discount.codes };
    expect((await failure(connector.createDiscount(world.ctx(), connection, taken))).kind).toBe(
      "INVALID_REQUEST",
    );
    expect(discounts(again)).toBe(0);
  });

  baseline.faults();
  baseline.rateLimit();
  baseline.credentials();
  baseline.missingSetting();
  baseline.tokens();

  it("finds a discount whose answer was lost by its marker: created exactly once", async () => {
    const connection = await world.connect();
    const id = marker();
    const discount = c.discount(id);
    baseline.inject("TIMEOUT_AFTER_SENDING");
    const ctx = world.ctx({ timeoutMs: LOST_ANSWER_TIMEOUT_MS });
    const made = await connector.createDiscount(ctx, connection, discount);
    expect(made.codes).toEqual(discount.codes);
    expect(discounts(id)).toBe(1);
    // The lookup the engine's sweep uses finds it too; a marker never used is not found.
    expect(await connector.findDiscount(world.ctx(), connection, id)).toEqual(made);
    expect(await connector.findDiscount(world.ctx(), connection, marker())).toBeUndefined();
  });

  /** Writes a customer's SMS opt-out, which the shop tells of by webhook (or would). */
  async function optOut(connection: ConnectionHandle) {
    const [customer] = (await changedSince(connection, "CUSTOMERS", EPOCH)).records;
    const id = customer!.record.id;
    await connector.writeConsent(world.ctx(), connection, id, {
      channel: "SMS",
      state: "UNSUBSCRIBED",
    });
    return id;
  }
  baseline.webhookSignatures({
    async genuine(connection) {
      c.provokeWebhook?.(world.sandbox(), connection, await optOut(connection));
      return lastVerified(world);
    },
    quiet: optOut,
  });
});
