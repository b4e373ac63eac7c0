import { describe, expect, it } from "@jest/globals";
import type { ConnectorErrorKind } from "../../../connectors/kit/connector-error.js";
import type {
  ConnectionHandle,
  OutboundPost,
  PublishState,
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
import { SOCIAL_CASES } from "./social.cases.js";

/**
 * The social contract, held against every network in SOCIAL_CASES: the real connector against its
 * real sandbox over loopback HTTP, webhooks through the connector's own handler, and token refresh
 * through a real ConnectorRuntime over a test database. What differs between networks is data in
 * their case; nothing here names a network.
 */

/** How long a caller waits for the answer the sandbox holds back, and then for the lookup. */
const LOST_ANSWER_TIMEOUT_MS = 750;

const database = useConformanceDatabase();

describe.each(SOCIAL_CASES)("social conformance: $provider", c => {
  const world = useConformanceWorld(c, database);
  const { connector } = c;
  const handler = connector.webhooks;
  const spec = c.config(ANYWHERE).spec;
  const wireKind = (fault: RenderedFaultKind): ConnectorErrorKind => c.wire?.[fault] ?? fault;
  let posts = 0;
  const postId = () => `post-${process.pid}-${(posts += 1)}`;
  const publishes = (id: string) => c.publishesFor(world.sandbox(), id);
  const inject = (kind: RenderedFaultKind | "TIMEOUT_AFTER_SENDING", times = 1) =>
    world.inject({ kind, retryAfterSeconds: 1, match: c.publishRoute }, times);

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
  const publishThrough = (row: Connection, post: OutboundPost) =>
    world.runtime().withConnection(row, (ctx, handle) => connector.publish(ctx, handle, post));

  it("its case agrees with the connector and the catalog", () => {
    expect(connector).toMatchObject({ provider: c.provider, category: "SOCIAL" });
    expect(spec.category).toBe("SOCIAL");
    expect(c.refreshes).toBe((spec.oauth?.refresh ?? "none") !== "none");
    expect(handler !== undefined).toBe(c.signing !== undefined);
    expect(c.demo.provider).toBe(c.provider);
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

  it.each(RENDERED_FAULT_KINDS.map(fault => [fault, wireKind(fault)] as const))(
    "an injected %s fault is read as %s, and nothing is published",
    async (fault, kind) => {
      const connection = await world.connect();
      const id = postId();
      inject(fault, RETRY.maxAttempts);
      const error = await failure(connector.publish(world.ctx(), connection, c.post(id)));
      expect(error.kind).toBe(kind);
      expect(error.details.provider).toBe(c.provider);
      expect(publishes(id)).toBe(0);
    },
  );

  it.each(RETRYABLE_FAULT_KINDS)(
    "retries a single %s fault, and the post is published exactly once",
    async fault => {
      const connection = await world.connect();
      const id = postId();
      inject(fault);
      await published(connection, c.post(id));
      expect(publishes(id)).toBe(1);
    },
  );

  it("waits out a rate limit for as long as the network announces, then reads", async () => {
    const connection = await world.connect();
    world.inject({ kind: "RATE_LIMITED", retryAfterSeconds: 7 });
    await connector.profile(world.ctx(), connection);
    expect(world.waits()).toHaveLength(1);
    if (c.announcesWait !== false) {
      expect(world.waits()).toEqual([7_000]);
    }
  });

  it(`fails a connection without its ${c.accessSecret} by the credentials rule, before any call`, async () => {
    const connection = await world.connect();
    const { [c.accessSecret]: _missing, ...others } = connection.secrets;
    const bare = { ...connection, secrets: others };
    const id = postId();
    const before = world.requests().length;
    const error = await failure(connector.publish(world.ctx(), bare, c.post(id)));
    expect(error.kind).toBe(missingSecretKind(world.config()));
    // The rule reads the provider's configuration; the connector hard-codes no kind.
    const refreshing = { ...world.ctx(), config: withRefresh(world.config(), "rotating") };
    const static_ = { ...world.ctx(), config: withRefresh(world.config(), "none") };
    expect((await failure(connector.profile(refreshing, bare))).kind).toBe("AUTH_EXPIRED");
    expect((await failure(connector.profile(static_, bare))).kind).toBe("AUTH_REVOKED");
    expect(world.requests().length).toBe(before);
    expect(publishes(id)).toBe(0);
  });

  it("a connection missing a setting a call needs fails INVALID_REQUEST, never an auth failure", async () => {
    const connection = await world.connect();
    const id = postId();
    const outcome = await outcomeOf(
      connector.publish(world.ctx(), { ...connection, settings: {} }, c.post(id)),
    );
    expect(["done", "INVALID_REQUEST"]).toContain(outcome);
    expect(publishes(id)).toBe(outcome === "done" ? 1 : 0);
  });

  if (c.refreshes) {
    it("refreshes an expired token through the runtime and replays the publish, made once", async () => {
      const connection = await world.connect();
      const row = await world.store(connection, new Date(Date.now() + 3_600_000));
      const id = postId();
      inject("AUTH_EXPIRED");
      const state = await publishThrough(row, c.post(id));
      expect(["PROCESSING", "PUBLISHED"]).toContain(state.state);
      expect(publishes(id)).toBe(1);
      const after = await world.row(row.id);
      expect(after.status).toBe("ACTIVE");
      const fresh = await world.storedSecrets(row.id);
      expect(fresh[c.accessSecret]).toEqual(expect.any(String));
      expect(fresh[c.accessSecret]).not.toBe(connection.secrets[c.accessSecret]);
      // The fault expired the old token at the network: it stays refused; the new one works.
      const stale = await failure(connector.profile(world.ctx(), connection));
      expect(stale.kind).toBe(wireKind("AUTH_EXPIRED"));
      await connector.profile(world.ctx(), { ...connection, secrets: fresh });
    });

    it("gives a connection holding only its refresh token an access token through the runtime", async () => {
      const connection = await world.connect();
      const { [c.accessSecret]: _missing, ...others } = connection.secrets;
      const row = await world.store({ ...connection, secrets: others });
      const id = postId();
      await publishThrough(row, c.post(id));
      expect(publishes(id)).toBe(1);
      expect((await world.storedSecrets(row.id))[c.accessSecret]).toEqual(expect.any(String));
    });
  } else {
    const expired = wireKind("AUTH_EXPIRED");
    it(`cannot refresh an expired token: the runtime ends ${expired} and marks the connection`, async () => {
      const connection = await world.connect();
      const row = await world.store(connection);
      const id = postId();
      inject("AUTH_EXPIRED");
      const error = await failure(publishThrough(row, c.post(id)));
      expect(error.kind).toBe(expired);
      expect(publishes(id)).toBe(0);
      expect((await world.row(row.id)).status).not.toBe("ACTIVE");
    });
  }

  it(`ends a revoked token AUTH_REVOKED through the runtime, for good, and marks the connection ${c.revokedStatus ?? "REVOKED"}`, async () => {
    const connection = await world.connect();
    const row = await world.store(connection);
    const id = postId();
    inject("AUTH_REVOKED");
    const first = await failure(publishThrough(row, c.post(id)));
    expect(first.kind).toBe("AUTH_REVOKED");
    const again = await failure(publishThrough(await world.row(row.id), c.post(id)));
    expect(again.kind).toBe("AUTH_REVOKED");
    expect(publishes(id)).toBe(0);
    expect((await world.row(row.id)).status).toBe(c.revokedStatus ?? "REVOKED");
  });

  it("finds a publish whose answer was lost by its marker: published exactly once", async () => {
    const connection = await world.connect();
    const id = postId();
    const since = new Date();
    inject("TIMEOUT_AFTER_SENDING");
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

  const signing = c.signing;
  if (signing) {
    it("refuses a webhook with a forged signature, a changed body, no signature or out of its window", async () => {
      const connection = await world.connect();
      const state = await published(connection, c.post(postId()));
      c.provokeWebhook?.(world.sandbox(), connection, state.providerPostId);
      const genuine = (await verified()).at(-1);
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
      if (signing.stale) {
        expect(verify(signing.stale(request, keys))).toBe(false);
      }
    });
  } else {
    it("sends no webhooks: the connector has no handler, and the sandbox posts nothing", async () => {
      expect(handler).toBeUndefined();
      const connection = await world.connect();
      await published(connection, c.post(postId()));
      expect(await world.webhooks()).toEqual([]);
    });
  }
});
