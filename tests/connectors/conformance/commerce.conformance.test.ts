import { describe, expect, it } from "@jest/globals";
import type { ConnectorErrorKind } from "../../../connectors/kit/connector-error.js";
import type {
  BulkRun,
  CommerceRecord,
  CommerceResource,
  ConnectionHandle,
  NewDiscount,
  WebhookRequest,
} from "../../../connectors/kit/contracts/index.js";
import { missingSecretKind } from "../../../connectors/kit/credentials.js";
import type { RenderedFaultKind } from "../../../connectors/sandbox/sandbox.js";
import type { Connection } from "../../../orm/entities/index.js";
import {
  ANYWHERE,
  failure,
  followToEnd,
  outcomeOf,
  RENDERED_FAULT_KINDS,
  RETRY,
  RETRYABLE_FAULT_KINDS,
  withRefresh,
} from "../examples/support/conformance-checks.js";
import {
  useConformanceDatabase,
  useConformanceWorld,
} from "../examples/support/conformance-world.js";
import { COMMERCE_CASES } from "./commerce.cases.js";

/**
 * The commerce contract, held against every shop platform in COMMERCE_CASES: the real connector
 * against its real sandbox over loopback HTTP, webhooks through the connector's own handler, and
 * token refresh through a real ConnectorRuntime over a test database. What differs between
 * platforms is data in their case; nothing here names a platform.
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
  const spec = c.config(ANYWHERE).spec;
  const wireKind = (fault: RenderedFaultKind): ConnectorErrorKind => c.wire?.[fault] ?? fault;
  let markers = 0;
  const marker = () => `cc${process.pid}x${(markers += 1)}`;
  const discounts = (id: string) => c.discountsFor(world.sandbox(), id);
  const inject = (kind: RenderedFaultKind | "TIMEOUT_AFTER_SENDING", times = 1) =>
    world.inject({ kind, retryAfterSeconds: 1, match: c.createRoute }, times);
  const createThrough = (row: Connection, discount: NewDiscount) =>
    world
      .runtime()
      .withConnection(row, (ctx, handle) => connector.createDiscount(ctx, handle, discount));

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

  it("its case agrees with the connector and the catalog", () => {
    expect(connector).toMatchObject({ provider: c.provider, category: "COMMERCE" });
    expect(spec.category).toBe("COMMERCE");
    expect(c.refreshes).toBe((spec.oauth?.refresh ?? "none") !== "none");
    expect(handler !== undefined).toBe(c.signing !== undefined);
    expect(c.demo.provider).toBe(c.provider);
  });

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

  it.each(RENDERED_FAULT_KINDS.map(fault => [fault, wireKind(fault)] as const))(
    "an injected %s fault is read as %s, and no discount is created",
    async (fault, kind) => {
      const connection = await world.connect();
      const id = marker();
      inject(fault, RETRY.maxAttempts);
      const error = await failure(
        connector.createDiscount(world.ctx(), connection, c.discount(id)),
      );
      expect(error.kind).toBe(kind);
      expect(error.details.provider).toBe(c.provider);
      expect(discounts(id)).toBe(0);
    },
  );

  it.each(RETRYABLE_FAULT_KINDS)(
    "retries a single %s fault, and the discount is created exactly once",
    async fault => {
      const connection = await world.connect();
      const id = marker();
      inject(fault);
      await connector.createDiscount(world.ctx(), connection, c.discount(id));
      expect(discounts(id)).toBe(1);
    },
  );

  it("waits out a rate limit for as long as the shop announces, then reads", async () => {
    const connection = await world.connect();
    world.inject({ kind: "RATE_LIMITED", retryAfterSeconds: 7 });
    await connector.shop(world.ctx(), connection);
    expect(world.waits()).toHaveLength(1);
    if (c.announcesWait !== false) {
      expect(world.waits()).toEqual([7_000]);
    }
  });

  it(`fails a connection without its ${c.accessSecret} by the credentials rule, before any call`, async () => {
    const connection = await world.connect();
    const { [c.accessSecret]: _missing, ...others } = connection.secrets;
    const bare = { ...connection, secrets: others };
    const id = marker();
    const before = world.requests().length;
    const error = await failure(connector.createDiscount(world.ctx(), bare, c.discount(id)));
    expect(error.kind).toBe(missingSecretKind(world.config()));
    // The rule reads the provider's configuration; the connector hard-codes no kind.
    const refreshing = { ...world.ctx(), config: withRefresh(world.config(), "rotating") };
    const static_ = { ...world.ctx(), config: withRefresh(world.config(), "none") };
    expect((await failure(connector.shop(refreshing, bare))).kind).toBe("AUTH_EXPIRED");
    expect((await failure(connector.shop(static_, bare))).kind).toBe("AUTH_REVOKED");
    expect(world.requests().length).toBe(before);
    expect(discounts(id)).toBe(0);
  });

  it("a connection missing a setting a call needs fails INVALID_REQUEST, never an auth failure", async () => {
    const connection = await world.connect();
    const id = marker();
    const outcome = await outcomeOf(
      connector.createDiscount(world.ctx(), { ...connection, settings: {} }, c.discount(id)),
    );
    expect(["done", "INVALID_REQUEST"]).toContain(outcome);
    expect(discounts(id)).toBe(outcome === "done" ? 1 : 0);
  });

  if (c.refreshes) {
    it("refreshes an expired token through the runtime and replays the create, made once", async () => {
      const connection = await world.connect();
      const row = await world.store(connection, new Date(Date.now() + 3_600_000));
      const id = marker();
      inject("AUTH_EXPIRED");
      await createThrough(row, c.discount(id));
      expect(discounts(id)).toBe(1);
      expect((await world.row(row.id)).status).toBe("ACTIVE");
      const fresh = await world.storedSecrets(row.id);
      expect(fresh[c.accessSecret]).toEqual(expect.any(String));
      expect(fresh[c.accessSecret]).not.toBe(connection.secrets[c.accessSecret]);
      // The fault expired the old token at the shop: it stays refused; the new one works.
      const stale = await failure(connector.shop(world.ctx(), connection));
      expect(stale.kind).toBe(wireKind("AUTH_EXPIRED"));
      await connector.shop(world.ctx(), { ...connection, secrets: fresh });
    });

    it("gives a connection holding only its refresh token an access token through the runtime", async () => {
      const connection = await world.connect();
      const { [c.accessSecret]: _missing, ...others } = connection.secrets;
      const row = await world.store({ ...connection, secrets: others });
      const id = marker();
      await createThrough(row, c.discount(id));
      expect(discounts(id)).toBe(1);
      expect((await world.storedSecrets(row.id))[c.accessSecret]).toEqual(expect.any(String));
    });
  } else {
    const expired = wireKind("AUTH_EXPIRED");
    it(`cannot refresh an expired token: the runtime ends ${expired} and marks the connection`, async () => {
      const connection = await world.connect();
      const row = await world.store(connection);
      const id = marker();
      inject("AUTH_EXPIRED");
      expect((await failure(createThrough(row, c.discount(id)))).kind).toBe(expired);
      expect(discounts(id)).toBe(0);
      expect((await world.row(row.id)).status).not.toBe("ACTIVE");
    });
  }

  it(`ends a revoked token AUTH_REVOKED through the runtime, for good, and marks the connection ${c.revokedStatus ?? "REVOKED"}`, async () => {
    const connection = await world.connect();
    const row = await world.store(connection);
    const id = marker();
    inject("AUTH_REVOKED");
    const first = await failure(createThrough(row, c.discount(id)));
    expect(first.kind).toBe("AUTH_REVOKED");
    const again = await failure(createThrough(await world.row(row.id), c.discount(id)));
    expect(again.kind).toBe("AUTH_REVOKED");
    expect(discounts(id)).toBe(0);
    expect((await world.row(row.id)).status).toBe(c.revokedStatus ?? "REVOKED");
  });

  it("finds a discount whose answer was lost by its marker: created exactly once", async () => {
    const connection = await world.connect();
    const id = marker();
    const discount = c.discount(id);
    inject("TIMEOUT_AFTER_SENDING");
    const ctx = world.ctx({ timeoutMs: LOST_ANSWER_TIMEOUT_MS });
    const made = await connector.createDiscount(ctx, connection, discount);
    expect(made.codes).toEqual(discount.codes);
    expect(discounts(id)).toBe(1);
    // The lookup the engine's sweep uses finds it too; a marker never used is not found.
    expect(await connector.findDiscount(world.ctx(), connection, id)).toEqual(made);
    expect(await connector.findDiscount(world.ctx(), connection, marker())).toBeUndefined();
  });

  const signing = c.signing;
  if (signing) {
    it("refuses a webhook with a forged signature, a changed body or no signature", async () => {
      const connection = await world.connect();
      const [customer] = (await changedSince(connection, "CUSTOMERS", EPOCH)).records;
      const id = customer!.record.id;
      await connector.writeConsent(world.ctx(), connection, id, {
        channel: "SMS",
        state: "UNSUBSCRIBED",
      });
      c.provokeWebhook?.(world.sandbox(), connection, id);
      const genuine = (await world.webhooks()).filter(webhook => webhook.verified).at(-1);
      expect(genuine).toBeDefined();
      const { request, keys } = genuine!;
      const verify = (candidate: WebhookRequest) => handler!.verify(candidate, keys);

      expect(verify(request)).toBe(true);
      expect(verify(signing.forge(request))).toBe(false);
      expect(
        verify({ ...request, rawBody: Buffer.concat([request.rawBody, Buffer.from(" ")]) }),
      ).toBe(false);
      const unsigned = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !signing.headers.includes(name)),
      );
      expect(verify({ ...request, headers: unsigned })).toBe(false);
    });
  } else {
    it("sends no webhooks: the connector has no handler, and the sandbox posts nothing", async () => {
      expect(handler).toBeUndefined();
      const connection = await world.connect();
      const [customer] = (await changedSince(connection, "CUSTOMERS", EPOCH)).records;
      await connector.writeConsent(world.ctx(), connection, customer!.record.id, {
        channel: "SMS",
        state: "UNSUBSCRIBED",
      });
      expect(await world.webhooks()).toEqual([]);
    });
  }
});
