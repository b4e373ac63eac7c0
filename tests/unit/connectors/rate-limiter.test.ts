import { describe, expect, it } from "@jest/globals";
import { RateLimiter } from "../../../connectors/kit/rate-limiter.js";
import { backoffDelay, parseRetryAfter } from "../../../connectors/kit/retry-policy.js";

/** A clock the limiter reads and sleeps on, so no test waits on real time. */
function fakeClock() {
  const clock = { now: 1_000_000, slept: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.now += ms;
    },
  };
}

describe("the per-connection rate limiter", () => {
  it("lets a burst of `capacity` through, then paces at the refill rate", async () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = new RateLimiter({ capacity: 3, perSecond: 2, now, sleep });
    for (let i = 0; i < 5; i += 1) {
      await limiter.acquire("conn-1");
    }
    expect(clock.slept).toEqual([500, 500]);
  });

  it("keeps connections apart", () => {
    const { now, sleep } = fakeClock();
    const limiter = new RateLimiter({ capacity: 1, perSecond: 1, now, sleep });
    expect(limiter.tryAcquire("a")).toBe(0);
    expect(limiter.tryAcquire("a")).toBeGreaterThan(0);
    expect(limiter.tryAcquire("b")).toBe(0);
  });

  it("holds every caller on a connection until the provider's reset", async () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = new RateLimiter({ capacity: 10, perSecond: 10, now, sleep });
    limiter.pause("conn-1", 4_000);
    await limiter.acquire("conn-1");
    expect(clock.slept[0]).toBe(4_000);
  });
});

describe("retry timing", () => {
  it("parses Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-11-24T12:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7_000);
    expect(parseRetryAfter("Tue, 24 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("jitters within an exponentially growing, capped window", () => {
    const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(policy, 0, () => 0.999)).toBeLessThanOrEqual(100);
    expect(backoffDelay(policy, 3, () => 0.999)).toBeLessThanOrEqual(800);
    expect(backoffDelay(policy, 10, () => 0.999)).toBeLessThanOrEqual(1_000);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });
});
