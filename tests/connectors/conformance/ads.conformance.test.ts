import { describe, expect, it } from "@jest/globals";
import type {
  AdAccount,
  AdLevel,
  AdObject,
  ConnectionHandle,
  DailyAdMetrics,
  MetricsQuery,
  NewAdCampaign,
  ReportRun,
} from "../../../connectors/kit/contracts/index.js";
import { ADS_CASES } from "./ads.cases.js";
import { conformanceBaseline, lastVerified } from "./support/conformance-baseline.js";
import { failure, followToEnd, RETRY } from "./support/conformance-checks.js";
import { useConformanceDatabase, useConformanceWorld } from "./support/conformance-world.js";

/**
 * The ads contract, held against every platform in ADS_CASES: the real connector against its real
 * sandbox over loopback HTTP, webhooks through the connector's own handler, and token refresh
 * through a real ConnectorRuntime over a test database. The baseline every connector is held to
 * is shared (support/conformance-baseline.ts); this file holds the ads flow. What differs between
 * platforms is data in their case; nothing here names a platform.
 */

/** How long a caller waits for the answer the sandbox holds back, and then for the lookup. */
const LOST_ANSWER_TIMEOUT_MS = 750;
/** A fixed window: metrics are asked by day, never relative to the clock. */
const WINDOW = { from: "2026-05-01", to: "2026-05-03" };
const LEVELS: readonly AdLevel[] = ["CAMPAIGN", "AD_GROUP", "AD"];

const database = useConformanceDatabase();

describe.each(ADS_CASES)("ads conformance: $provider", c => {
  const world = useConformanceWorld(c, database);
  const { connector } = c;
  const handler = connector.webhooks;
  let markers = 0;
  const marker = () => `cc-${process.pid}-${(markers += 1)}`;
  const campaigns = (id: string) => c.campaignsFor(world.sandbox(), id);

  const accountOf = async (connection: ConnectionHandle): Promise<AdAccount> => {
    const [account] = await connector.listAdAccounts(world.ctx(), connection);
    if (!account) {
      throw new Error("the sandbox account reaches no ad account");
    }
    return account;
  };
  const create = (connection: ConnectionHandle, account: AdAccount, campaign: NewAdCampaign) =>
    connector.createCampaign(world.ctx(), connection, account, campaign);
  const baseline = conformanceBaseline(c, world, {
    words: {
      none: "nothing is created",
      once: "the campaign is created exactly once",
      replayed: "the create, made once",
      provider: "the platform",
    },
    route: c.createRoute,
    async prepare(connection) {
      const account = await accountOf(connection);
      const id = marker();
      return { account, id, campaign: c.campaign(id, account) };
    },
    write: (ctx, connection, { account, campaign }) =>
      connector.createCampaign(ctx, connection, account, campaign),
    made: (_connection, { id }) => campaigns(id),
    answered: (_connection, _write, created) => expect(levels(created)).toEqual(LEVELS),
    probe: (ctx, connection) => connector.listAdAccounts(ctx, connection),
  });
  const levels = (objects: AdObject[]) => objects.map(object => object.level);
  /** Every object of a level under `parentId`, all pages. */
  async function listAll(
    connection: ConnectionHandle,
    account: AdAccount,
    level: AdLevel,
    parentId?: string,
  ): Promise<AdObject[]> {
    const items: AdObject[] = [];
    let cursor: string | undefined;
    do {
      const page = await connector.list(world.ctx(), connection, account, {
        level,
        ...(parentId ? { parentId } : {}),
        ...(cursor ? { cursor } : {}),
      });
      items.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return items;
  }
  /** Daily metrics, as the platform gives them: at once, or as a report run followed to its end. */
  async function metrics(
    connection: ConnectionHandle,
    account: AdAccount,
    query: MetricsQuery,
  ): Promise<{ rows: DailyAdMetrics[]; run?: ReportRun }> {
    if (connector.metricsByDay) {
      return { rows: await connector.metricsByDay(world.ctx(), connection, account, query) };
    }
    const started = await connector.startReport!(world.ctx(), connection, account, query);
    const ended = await followToEnd(
      started,
      run => (run.state === "RUNNING" ? run : undefined),
      ref => connector.reportStatus!(world.ctx(), connection, account, ref),
      () => world.webhooks(),
    );
    if (ended.state !== "DONE") {
      throw new Error(`the report ended ${ended.state}`);
    }
    return { rows: ended.rows, run: started };
  }

  baseline.agreement("ADS", () => {
    // Metrics at once, or a report run: one of the two, and a run both starts and is followed.
    expect(connector.startReport !== undefined).toBe(connector.reportStatus !== undefined);
    expect(connector.metricsByDay !== undefined || connector.startReport !== undefined).toBe(true);
  });

  it("verifies a connection, lists the ad accounts it reaches, and takes its demo account as is", async () => {
    const connection = await world.connect();
    const identity = await connector.verify(world.ctx(), connection);
    expect(identity.externalAccountId).toEqual(expect.any(String));
    const accounts = await connector.listAdAccounts(world.ctx(), connection);
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) {
      expect(account.currency).toMatch(/^[A-Z]{3}$/);
      expect(() => new Intl.DateTimeFormat("en", { timeZone: account.timeZone })).not.toThrow();
    }
    const demo = await connector.verify(world.ctx(), c.demo);
    expect(demo.externalAccountId).toBe(c.demo.externalAccountId);
  });

  const successWebhook = handler ? ", and a verified webhook names one of them" : "";
  it(`creates a paused campaign with one ad group and one ad, once${successWebhook}`, async () => {
    const connection = await world.connect();
    const account = await accountOf(connection);
    const id = marker();
    const created = await create(connection, account, c.campaign(id, account));
    expect(levels(created)).toEqual(LEVELS);
    const [campaign, group, ad] = created;
    expect(campaign).toMatchObject({ status: "PAUSED", budget: c.campaign(id, account).budget });
    expect(group?.parentId).toBe(campaign?.id);
    expect(ad?.parentId).toBe(group?.id);
    expect(campaigns(id)).toBe(1);
    expect(await connector.findCampaign(world.ctx(), connection, account, id)).toEqual(campaign);
    if (handler) {
      c.provokeWebhook?.(world.sandbox(), connection, created);
      const ids = new Set(created.map(object => object.id));
      const events = (await world.webhooks())
        .filter(webhook => webhook.verified)
        .flatMap(webhook => webhook.events);
      const about = events.filter(
        event =>
          (event.type === "AD_STATUS" && ids.has(event.id)) ||
          (event.type === "LEAD" && !!event.adId && ids.has(event.adId)),
      );
      expect(about.length).toBeGreaterThan(0);
      expect(new Set(events.map(event => event.eventId)).size).toBe(events.length);
    }
  });

  it("lists the hierarchy level by level, and sets statuses and budgets the platform then shows", async () => {
    const connection = await world.connect();
    const account = await accountOf(connection);
    const [campaign, group, ad] = await create(connection, account, c.campaign(marker(), account));
    expect((await listAll(connection, account, "CAMPAIGN")).map(o => o.id)).toContain(campaign!.id);
    expect(await listAll(connection, account, "AD_GROUP", campaign!.id)).toEqual([group]);
    expect((await listAll(connection, account, "AD", group!.id)).map(o => o.id)).toEqual([ad!.id]);

    await connector.setStatus(world.ctx(), connection, account, campaign!, "ACTIVE");
    const budget = { ...campaign!.budget!, amountMicros: campaign!.budget!.amountMicros * 2 };
    await connector.setBudget(world.ctx(), connection, account, campaign!, budget);
    const [now] = (await listAll(connection, account, "CAMPAIGN")).filter(
      o => o.id === campaign!.id,
    );
    expect(now).toMatchObject({ status: "ACTIVE", budget });
    await connector.setStatus(world.ctx(), connection, account, campaign!, "PAUSED");
    const [paused] = (await listAll(connection, account, "CAMPAIGN")).filter(
      o => o.id === campaign!.id,
    );
    expect(paused?.status).toBe("PAUSED");
  });

  const refusedCampaign = c.refusedCampaign;
  if (refusedCampaign) {
    it("a campaign the platform refuses is INVALID_REQUEST, and nothing is created", async () => {
      const connection = await world.connect();
      const account = await accountOf(connection);
      const id = marker();
      const error = await failure(create(connection, account, refusedCampaign(id, account)));
      expect(error.kind).toBe("INVALID_REQUEST");
      expect(campaigns(id)).toBe(0);
    });
  }

  it("a budget in another currency than the account's is INVALID_REQUEST, before any write", async () => {
    const connection = await world.connect();
    const account = await accountOf(connection);
    const id = marker();
    const campaign = c.campaign(id, account);
    const foreign = account.currency === "JPY" ? "CHF" : "JPY";
    const wrong = { ...campaign, budget: { ...campaign.budget, currency: foreign } };
    expect((await failure(create(connection, account, wrong))).kind).toBe("INVALID_REQUEST");
    expect(campaigns(id)).toBe(0);
  });

  baseline.faults();
  baseline.rateLimit();
  baseline.credentials();
  baseline.tokens();

  it("finds a create whose answer was lost by its marker: one campaign, complete", async () => {
    const connection = await world.connect();
    const account = await accountOf(connection);
    const id = marker();
    baseline.inject("TIMEOUT_AFTER_SENDING");
    const ctx = world.ctx({ timeoutMs: LOST_ANSWER_TIMEOUT_MS });
    const created = await connector.createCampaign(
      ctx,
      connection,
      account,
      c.campaign(id, account),
    );
    expect(levels(created)).toEqual(LEVELS);
    expect(campaigns(id)).toBe(1);
    // The lookup the engine's sweep uses finds it too; a marker never used is not found.
    const found = await connector.findCampaign(world.ctx(), connection, account, id);
    expect(found).toEqual(created[0]);
    expect(
      await connector.findCampaign(world.ctx(), connection, account, marker()),
    ).toBeUndefined();
  });

  const laterCreateRoute = c.laterCreateRoute;
  if (laterCreateRoute) {
    it("a create that stopped half way is finished by a repeat with its marker: one campaign", async () => {
      const connection = await world.connect();
      const account = await accountOf(connection);
      const id = marker();
      world.inject({ kind: "UNAVAILABLE", match: laterCreateRoute }, RETRY.maxAttempts);
      const error = await failure(create(connection, account, c.campaign(id, account)));
      expect(error.kind).toBe("UNAVAILABLE");
      expect(campaigns(id)).toBe(1);
      const created = await create(connection, account, c.campaign(id, account));
      expect(levels(created)).toEqual(LEVELS);
      expect(campaigns(id)).toBe(1);
      expect(await listAll(connection, account, "AD_GROUP", created[0]!.id)).toEqual([created[1]]);
    });
  }

  it("reads daily metrics of a campaign for every day asked, as integers and micros", async () => {
    const connection = await world.connect();
    const account = await accountOf(connection);
    const [campaign] = await create(connection, account, c.campaign(marker(), account));
    const query: MetricsQuery = { level: "CAMPAIGN", ...WINDOW, ids: [campaign!.id] };
    const { rows, run } = await metrics(connection, account, query);
    if (run) {
      expect(run).toMatchObject({ state: "RUNNING", ref: expect.any(String) });
    }
    const ours = rows.filter(row => row.id === campaign!.id);
    expect(ours.map(row => row.day).sort()).toEqual(["2026-05-01", "2026-05-02", "2026-05-03"]);
    for (const row of ours) {
      expect(row.level).toBe("CAMPAIGN");
      for (const count of [row.impressions, row.clicks, row.spendMicros]) {
        expect(Number.isInteger(count) && count >= 0).toBe(true);
      }
    }
  });

  baseline.webhookSignatures({
    async genuine(connection) {
      const account = await accountOf(connection);
      const created = await create(connection, account, c.campaign(marker(), account));
      c.provokeWebhook?.(world.sandbox(), connection, created);
      return lastVerified(world);
    },
    async quiet(connection) {
      const account = await accountOf(connection);
      await create(connection, account, c.campaign(marker(), account));
    },
  });
});
