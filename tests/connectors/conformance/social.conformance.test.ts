import { describe, expect, it } from "@jest/globals";
import type {
  ConnectionHandle,
  OutboundPost,
  PublishState,
} from "../../../connectors/kit/contracts/index.js";
import { SOCIAL_CASES } from "./social.cases.js";
import { conformanceBaseline, lastVerified } from "./support/conformance-baseline.js";
import { followToEnd } from "./support/conformance-checks.js";
import { useConformanceDatabase, useConformanceWorld } from "./support/conformance-world.js";

/**
 * The social contract, held against every network in SOCIAL_CASES: the real connector against its
 * real sandbox over loopback HTTP, webhooks through the connector's own handler, and token refresh
 * through a real ConnectorRuntime over a test database. The baseline every connector is held to
 * is shared (support/conformance-baseline.ts); this file holds the social flow. What differs
 * between networks is data in their case; nothing here names a network.
 */

/** How long a caller waits for the answer the sandbox holds back, and then for the lookup. */
const LOST_ANSWER_TIMEOUT_MS = 750;

const database = useConformanceDatabase();

describe.each(SOCIAL_CASES)("social conformance: $provider", c => {
  const world = useConformanceWorld(c, database);
  const { connector } = c;
  const handler = connector.webhooks;
  let posts = 0;
  const postId = () => `post-${process.pid}-${(posts += 1)}`;
  const publishes = (id: string) => c.publishesFor(world.sandbox(), id);

  const toEnd = (connection: ConnectionHandle, state: PublishState) =>
    followToEnd(
      state,
      s => (s.state === "PROCESSING" ? s : undefined),
      ref => connector.publishStatus(world.ctx(), connection, ref),
      () => world.webhooks(),
    );
  async function published(connection: ConnectionHandle, post: OutboundPost) {
    const state = await toEnd(connection, await connector.publish(world.ctx(), connection, post));
    if (state.state !== "PUBLISHED") {
      throw new Error(`the publish ended ${state.state}`);
    }
    return state;
  }
  /** The app's received webhooks that verify, with their social events. */
  const verified = async () => (await world.webhooks()).filter(webhook => webhook.verified);
  const postStatuses = async () =>
    (await verified()).flatMap(webhook =>
      webhook.events.flatMap(event => (event.type === "POST_STATUS" ? [event] : [])),
    );

  const baseline = conformanceBaseline(c, world, {
    words: {
      none: "nothing is published",
      once: "the post is published exactly once",
      replayed: "the publish, made once",
      provider: "the network",
    },
    route: c.publishRoute,
    prepare: () => postId(),
    write: (ctx, connection, id) => connector.publish(ctx, connection, c.post(id)),
    made: (_connection, id) => publishes(id),
    answered: (_connection, _id, state) =>
      expect(["PROCESSING", "PUBLISHED"]).toContain(state.state),
    async settle(connection, state) {
      expect((await toEnd(connection, state)).state).toBe("PUBLISHED");
    },
    probe: (ctx, connection) => connector.profile(ctx, connection),
  });

  baseline.agreement("SOCIAL", () => {
    if (c.publishes === "ASYNC") {
      expect(connector.publishStatus).toEqual(expect.any(Function));
    }
  });

  it("verifies an account, reads the same account's profile, and takes its demo account as is", async () => {
    const connection = await world.connect();
    const identity = await connector.verify(world.ctx(), connection);
    const profile = await connector.profile(world.ctx(), connection);
    expect(profile.externalAccountId).toBe(identity.externalAccountId);
    expect(profile.handle).toEqual(expect.any(String));
    const demo = await connector.verify(world.ctx(), c.demo);
    expect(demo.externalAccountId).toBe(c.demo.externalAccountId);
  });

  const successWebhook = handler ? ", and a verified webhook names the post" : "";
  it(`publishes a post once${successWebhook}`, async () => {
    const connection = await world.connect();
    const id = postId();
    const state = await published(connection, c.post(id));
    expect(state.providerPostId).toEqual(expect.any(String));
    expect(publishes(id)).toBe(1);
    if (handler) {
      c.provokeWebhook?.(world.sandbox(), connection, state.providerPostId);
      const events = (await verified()).flatMap(webhook => webhook.events);
      const about = events.filter(
        event => "providerPostId" in event && event.providerPostId === state.providerPostId,
      );
      expect(about.length).toBeGreaterThan(0);
      expect(new Set(events.map(event => event.eventId)).size).toBe(events.length);
    }
  });

  if (c.publishes === "ASYNC") {
    it("follows a PROCESSING publish with publishStatus to PUBLISHED, which its webhook names by ref", async () => {
      const connection = await world.connect();
      const id = postId();
      const started = await connector.publish(world.ctx(), connection, c.post(id));
      if (started.state !== "PROCESSING") {
        throw new Error(`an ASYNC network answered ${started.state}`);
      }
      expect(started.retryAfterMs).toBeGreaterThanOrEqual(0);
      const ended = await toEnd(connection, started);
      expect(ended).toMatchObject({ state: "PUBLISHED", providerPostId: expect.any(String) });
      // Asking again about an ended publish answers the same, and publishes nothing more.
      expect(await connector.publishStatus(world.ctx(), connection, started.ref)).toEqual(ended);
      expect(publishes(id)).toBe(1);
      if (handler) {
        const status = (await postStatuses()).find(event => event.ref === started.ref);
        expect(status).toMatchObject({ state: "PUBLISHED" });
        if (ended.state === "PUBLISHED") {
          expect(status?.providerPostId).toBe(ended.providerPostId);
        }
      }
    });
  }

  const failingPost = c.failingPost;
  if (failingPost) {
    it("a publish the network fails while processing ends FAILED with its reason", async () => {
      const connection = await world.connect();
      const started = await connector.publish(world.ctx(), connection, failingPost(postId()));
      const ended = await toEnd(connection, started);
      expect(ended).toMatchObject({ state: "FAILED", reason: expect.any(String) });
      if (handler && started.state === "PROCESSING") {
        const status = (await postStatuses()).find(event => event.ref === started.ref);
        expect(status).toMatchObject({ state: "FAILED", reason: expect.any(String) });
      }
    });
  }

  it("reads a published post's metrics, deletes it, and a repeated delete succeeds", async () => {
    const connection = await world.connect();
    const state = await published(connection, c.post(postId()));
    const metrics = await connector.metrics(world.ctx(), connection, [state.providerPostId]);
    expect(metrics.map(m => m.providerPostId)).toEqual([state.providerPostId]);
    expect(await connector.metrics(world.ctx(), connection, [])).toEqual([]);
    await connector.deletePost(world.ctx(), connection, state.providerPostId);
    await connector.deletePost(world.ctx(), connection, state.providerPostId);
  });

  baseline.faults();
  baseline.rateLimit();
  baseline.credentials();
  baseline.missingSetting();
  baseline.tokens();

  it("finds a publish whose answer was lost by its marker: published exactly once", async () => {
    const connection = await world.connect();
    const id = postId();
    const since = new Date();
    baseline.inject("TIMEOUT_AFTER_SENDING");
    const ctx = world.ctx({ timeoutMs: LOST_ANSWER_TIMEOUT_MS });
    const ended = await toEnd(connection, await connector.publish(ctx, connection, c.post(id)));
    expect(ended.state).toBe("PUBLISHED");
    expect(publishes(id)).toBe(1);
    if (connector.find) {
      // The lookup the engine's sweep uses finds it too; a marker never published is not found.
      expect(await connector.find(world.ctx(), connection, { postId: id, since })).toEqual(ended);
      const never = await connector.find(world.ctx(), connection, { postId: postId(), since });
      expect(never).toBeUndefined();
    }
  });

  baseline.webhookSignatures({
    async genuine(connection) {
      const state = await published(connection, c.post(postId()));
      c.provokeWebhook?.(world.sandbox(), connection, state.providerPostId);
      return lastVerified(world);
    },
    quiet: connection => published(connection, c.post(postId())),
  });
});
