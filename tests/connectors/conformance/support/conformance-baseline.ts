import { expect, it } from "@jest/globals";
import { PROVIDERS } from "../../../../connectors/kit/catalog.js";
import type { ConnectorErrorKind } from "../../../../connectors/kit/connector-error.js";
import type {
  ConnectionHandle,
  Connector,
  ConnectorContext,
  WebhookKeys,
  WebhookRequest,
} from "../../../../connectors/kit/contracts/index.js";
import { missingSecretKind } from "../../../../connectors/kit/credentials.js";
import type { ProviderSpec } from "../../../../connectors/kit/provider-spec.js";
import type {
  Fault,
  ProviderSandbox,
  RenderedFaultKind,
} from "../../../../connectors/sandbox/sandbox.js";
import type { Connection } from "../../../../orm/entities/index.js";
import {
  ANYWHERE,
  failure,
  outcomeOf,
  RENDERED_FAULT_KINDS,
  RETRY,
  RETRYABLE_FAULT_KINDS,
  withRefresh,
} from "./conformance-checks.js";
import type { ConformanceWorld, ProviderUnderTest } from "./conformance-world.js";

/**
 * The baseline every connector is held to, whatever its category: injected faults read as their
 * kind with nothing written, a single retryable fault retried and the write made once, the
 * announced wait honoured, the credentials rule before any request, token refresh and revocation
 * through a real ConnectorRuntime, and forged webhooks refused. A category's suite says what its
 * write is (`BaselineWrite`) and calls each check where it belongs among its own flow; what
 * differs between providers is data in their case (`BaselineCase`).
 */

/** How a provider signs its webhooks. */
export interface WebhookSigning {
  /** The headers that carry the signature (removing them unsigns a webhook). */
  headers: readonly string[];
  /** The same webhook, signed as the provider signs but with a secret that is not the app's. */
  forge(request: WebhookRequest): WebhookRequest;
  /** The same webhook signed with the app's secret outside the provider's replay window. */
  stale?(request: WebhookRequest, keys: WebhookKeys): WebhookRequest;
}

/** What every category's case says of its provider, beside its connector and sandbox. */
export interface BaselineCase<
  C extends Connector,
  S extends ProviderSandbox,
> extends ProviderUnderTest<C, S> {
  /** The secret a call cannot be made without (the credentials rule decides its error kind). */
  accessSecret: string;
  /** The catalog's `spec.oauth.refresh` is not "none": the runtime refreshes and replays. */
  refreshes: boolean;
  /** How the provider signs its webhooks; absent when it sends none. */
  signing?: WebhookSigning;
  /** Injected faults whose wire answer reads as another kind here (default: its own). */
  wire?: Partial<Record<RenderedFaultKind, ConnectorErrorKind>>;
  /** The connection's status once a revoked token ended a call (default REVOKED). */
  revokedStatus?: "REVOKED" | "REFRESH_FAILED";
  /** False where a throttled answer announces no wait (the HTTP core then backs off). */
  announcesWait?: boolean;
}

/**
 * The write a category's baseline is checked on (a create, a publish, a send): how one is made
 * ready, made, and counted at the provider. `W` is what one write needs, `R` its answer.
 */
export interface BaselineWrite<W, R> {
  /** What the test names say: "nothing is created", "the campaign is created exactly once"... */
  words: {
    /** What a faulted write leaves. */
    none: string;
    /** What a write retried once leaves. */
    once: string;
    /** The write the runtime replays once it refreshed a token, and what it leaves. */
    replayed: string;
    /** Who announces a wait: "the platform", "the shop"... */
    provider: string;
  };
  /** The request that carries the write's first change, where faults are injected. */
  route: NonNullable<Fault["match"]>;
  /** A write never made before, for `connection` (a fresh marker). */
  prepare(connection: ConnectionHandle): Promise<W> | W;
  write(ctx: ConnectorContext, connection: ConnectionHandle, write: W): Promise<R>;
  /** How many of `write` the provider holds. */
  made(connection: ConnectionHandle, write: W): number;
  /** A fault may come after the provider took the write (a send): it leaves at most one, not none. */
  faultMayLeaveOne?: boolean;
  /** What a write's answer must show once it succeeded (asked of the provider's state, not of it). */
  answered?(connection: ConnectionHandle, write: W, answer: R): void;
  /** Follows a successful write to its end with the connection's own context (a publish). */
  settle?(connection: ConnectionHandle, answer: R): Promise<void>;
  /** Another call the connection makes: the credentials rule and a stale token are checked on it. */
  probe(ctx: ConnectorContext, connection: ConnectionHandle): Promise<unknown>;
}

/** The runtime's rule for a connection a call could not authenticate (`markInactive`). */
const inactiveStatus = (kind: ConnectorErrorKind) =>
  kind === "AUTH_REVOKED" ? "REVOKED" : "REFRESH_FAILED";

/** The provider's spec: an example's from its own configuration, a catalog provider's from the catalog. */
export function specOf(c: ProviderUnderTest<Connector, ProviderSandbox>): ProviderSpec {
  if (c.config) {
    return c.config(ANYWHERE).spec;
  }
  const spec: ProviderSpec = PROVIDERS[c.provider];
  return spec;
}

/**
 * The baseline's checks for one case, each registering its tests where the suite calls it (the
 * describe is the suite's `describe.each` over its cases, so every case gets every check).
 */
export function conformanceBaseline<C extends Connector, S extends ProviderSandbox, W, R>(
  c: BaselineCase<C, S>,
  world: ConformanceWorld<S>,
  w: BaselineWrite<W, R>,
) {
  const { connector } = c;
  const handler = connector.webhooks;
  const spec = specOf(c);
  const wireKind = (fault: RenderedFaultKind): ConnectorErrorKind => c.wire?.[fault] ?? fault;
  const inject = (kind: RenderedFaultKind | "TIMEOUT_AFTER_SENDING", times = 1) =>
    world.inject({ kind, retryAfterSeconds: 1, match: w.route }, times);
  const through = (row: Connection, write: W) =>
    world.runtime().withConnection(row, (ctx, handle) => w.write(ctx, handle, write));
  const withoutAccess = (connection: ConnectionHandle): ConnectionHandle => {
    const { [c.accessSecret]: _missing, ...others } = connection.secrets;
    return { ...connection, secrets: others };
  };
  const madeOnce = (connection: ConnectionHandle, write: W, answer: R) => {
    w.answered?.(connection, write, answer);
    expect(w.made(connection, write)).toBe(1);
  };

  return {
    spec,
    wireKind,
    inject,

    /** The case agrees with its connector and the catalog; `more` holds the category's own. */
    agreement(category: ProviderSpec["category"], more?: () => void) {
      it("its case agrees with the connector and the catalog", () => {
        expect(connector).toMatchObject({ provider: c.provider, category });
        expect(spec.category).toBe(category);
        expect(c.refreshes).toBe((spec.oauth?.refresh ?? "none") !== "none");
        expect(handler !== undefined).toBe(c.signing !== undefined);
        if (c.demo) {
          expect(c.demo.provider).toBe(c.provider);
        }
        more?.();
      });
    },

    /** Each rendered fault read as its kind, nothing written; a single retryable one retried. */
    faults() {
      it.each(RENDERED_FAULT_KINDS.map(fault => [fault, wireKind(fault)] as const))(
        `an injected %s fault is read as %s, and ${w.words.none}`,
        async (fault, kind) => {
          const connection = await world.connect();
          const write = await w.prepare(connection);
          inject(fault, RETRY.maxAttempts);
          const error = await failure(w.write(world.ctx(), connection, write));
          expect(error.kind).toBe(kind);
          expect(error.details.provider).toBe(c.provider);
          if (w.faultMayLeaveOne) {
            expect(w.made(connection, write)).toBeLessThanOrEqual(1);
          } else {
            expect(w.made(connection, write)).toBe(0);
          }
        },
      );

      it.each(RETRYABLE_FAULT_KINDS)(
        `retries a single %s fault, and ${w.words.once}`,
        async fault => {
          const connection = await world.connect();
          const write = await w.prepare(connection);
          inject(fault);
          const answer = await w.write(world.ctx(), connection, write);
          await w.settle?.(connection, answer);
          madeOnce(connection, write, answer);
        },
      );
    },

    /** A throttled call waits as long as the provider announces (the HTTP core's sleep, recorded). */
    rateLimit() {
      it(`waits out a rate limit for as long as ${w.words.provider} announces, then reads`, async () => {
        const connection = await world.connect();
        world.inject({ kind: "RATE_LIMITED", retryAfterSeconds: 7 });
        await w.probe(world.ctx(), connection);
        expect(world.waits()).toHaveLength(1);
        if (c.announcesWait !== false) {
          expect(world.waits()).toEqual([7_000]);
        }
      });
    },

    /** A connection without its access secret fails by the credentials rule, before any request. */
    credentials() {
      const kind = missingSecretKind({ spec });
      it(`fails a connection without its ${c.accessSecret} with the credentials rule's ${kind}, before any call`, async () => {
        const connection = await world.connect();
        const write = await w.prepare(connection);
        const bare = withoutAccess(connection);
        const before = world.requests().length;
        const error = await failure(w.write(world.ctx(), bare, write));
        expect(error.kind).toBe(kind);
        expect(error.kind).toBe(missingSecretKind(world.config()));
        // The rule reads the provider's configuration; the connector hard-codes no kind.
        const refreshing = { ...world.ctx(), config: withRefresh(world.config(), "rotating") };
        const static_ = { ...world.ctx(), config: withRefresh(world.config(), "none") };
        expect((await failure(w.probe(refreshing, bare))).kind).toBe("AUTH_EXPIRED");
        expect((await failure(w.probe(static_, bare))).kind).toBe("AUTH_REVOKED");
        expect(world.requests().length).toBe(before);
        expect(w.made(connection, write)).toBe(0);
      });
    },

    /** A connection missing a setting is the request's fault, never the credentials'. */
    missingSetting() {
      it("a connection missing a setting a call needs fails INVALID_REQUEST, never an auth failure", async () => {
        const connection = await world.connect();
        const write = await w.prepare(connection);
        const outcome = await outcomeOf(
          w.write(world.ctx(), { ...connection, settings: {} }, write),
        );
        expect(["done", "INVALID_REQUEST"]).toContain(outcome);
        expect(w.made(connection, write)).toBe(outcome === "done" ? 1 : 0);
      });
    },

    /** An expired token refreshed (or not) and a revoked one, through a real ConnectorRuntime. */
    tokens() {
      if (c.refreshes) {
        it(`refreshes an expired token through the runtime and replays ${w.words.replayed}`, async () => {
          const connection = await world.connect();
          const write = await w.prepare(connection);
          const row = await world.store(connection, new Date(Date.now() + 3_600_000));
          inject("AUTH_EXPIRED");
          madeOnce(connection, write, await through(row, write));
          expect((await world.row(row.id)).status).toBe("ACTIVE");
          const fresh = await world.storedSecrets(row.id);
          expect(fresh[c.accessSecret]).toEqual(expect.any(String));
          expect(fresh[c.accessSecret]).not.toBe(connection.secrets[c.accessSecret]);
          // The fault expired the old token at the provider: it stays refused; the new one works.
          const stale = await failure(w.probe(world.ctx(), connection));
          expect(stale.kind).toBe(wireKind("AUTH_EXPIRED"));
          await w.probe(world.ctx(), { ...connection, secrets: fresh });
        });

        it(`gives a connection holding only its refresh token an access token through the runtime, and ${w.words.once}`, async () => {
          const connection = await world.connect();
          const write = await w.prepare(connection);
          const row = await world.store(withoutAccess(connection));
          madeOnce(connection, write, await through(row, write));
          expect((await world.storedSecrets(row.id))[c.accessSecret]).toEqual(expect.any(String));
        });
      } else {
        const expired = wireKind("AUTH_EXPIRED");
        it(`cannot refresh an expired token: the runtime ends ${expired} and marks the connection ${inactiveStatus(expired)}`, async () => {
          const connection = await world.connect();
          const write = await w.prepare(connection);
          const row = await world.store(connection);
          inject("AUTH_EXPIRED");
          expect((await failure(through(row, write))).kind).toBe(expired);
          expect(w.made(connection, write)).toBe(0);
          expect((await world.row(row.id)).status).toBe(inactiveStatus(expired));
        });
      }

      const revoked = c.revokedStatus ?? "REVOKED";
      it(`ends a revoked token AUTH_REVOKED through the runtime, for good, and marks the connection ${revoked}`, async () => {
        const connection = await world.connect();
        const write = await w.prepare(connection);
        const row = await world.store(connection);
        inject("AUTH_REVOKED");
        const first = await failure(through(row, write));
        expect(first.kind).toBe("AUTH_REVOKED");
        const again = await failure(through(await world.row(row.id), write));
        expect(again.kind).toBe("AUTH_REVOKED");
        expect(w.made(connection, write)).toBe(0);
        expect((await world.row(row.id)).status).toBe(revoked);
      });
    },

    /**
     * With a handler: a genuine webhook (`genuine` makes the provider send one) verifies, and a
     * forged, changed, unsigned or stale one does not. Without: `quiet` does what would send one,
     * and the sandbox posts nothing.
     */
    webhookSignatures(checks: {
      genuine(
        connection: ConnectionHandle,
      ): Promise<{ request: WebhookRequest; keys: WebhookKeys }>;
      quiet(connection: ConnectionHandle): Promise<unknown>;
    }) {
      const signing = c.signing;
      if (signing) {
        const refused = signing.stale
          ? "a changed body, no signature or out of its window"
          : "a changed body or no signature";
        it(`refuses a webhook with a forged signature, ${refused}, and accepts the provider's own`, async () => {
          const connection = await world.connect();
          const { request, keys } = await checks.genuine(connection);
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
          await checks.quiet(connection);
          expect(await world.webhooks()).toEqual([]);
        });
      }
    },
  };
}

/** The last verified webhook the app received, with the keys it verified with. */
export async function lastVerified(world: ConformanceWorld) {
  const genuine = (await world.webhooks()).filter(webhook => webhook.verified).at(-1);
  expect(genuine).toBeDefined();
  return genuine!;
}
