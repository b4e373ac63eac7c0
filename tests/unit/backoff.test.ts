import { describe, expect, it } from "@jest/globals";
import { createBackoff, retryWhile } from "../../platform/backoff.js";
import { createRepeatFilter } from "../../platform/repeat-filter.js";

describe("retry helpers", () => {
  it("doubles the delay up to the cap, taking at most a quarter off", () => {
    const backoff = createBackoff({ baseMs: 100, maxMs: 1_000 });
    const ceilings = [100, 200, 400, 800, 1_000, 1_000, 1_000];
    ceilings.forEach((ceiling, attempt) => {
      const delay = backoff.delayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(ceiling * 0.75);
      expect(delay).toBeLessThanOrEqual(ceiling);
    });
    expect(backoff.delayMs(10_000)).toBeLessThanOrEqual(1_000);
  });

  it("retries until the work succeeds, and gives up once it is no longer wanted", async () => {
    const fast = createBackoff({ baseMs: 1, maxMs: 2 });
    let calls = 0;
    const heard: number[] = [];
    const value = await retryWhile(
      async () => {
        calls += 1;
        if (calls < 4) {
          throw new Error(`failure ${calls}`);
        }
        return "done";
      },
      { wanted: () => true, backoff: fast, onError: (_error, attempt) => heard.push(attempt) },
    );
    expect({ value, calls, heard }).toEqual({ value: "done", calls: 4, heard: [0, 1, 2] });

    let tries = 0;
    const abandoned = await retryWhile(
      async () => {
        tries += 1;
        throw new Error("down");
      },
      { wanted: () => tries < 3, backoff: fast },
    );
    expect({ abandoned, tries }).toEqual({ abandoned: undefined, tries: 3 });
  });

  it("logs the first of like errors, then one per window with the count left out", () => {
    const filter = createRepeatFilter(60_000);
    expect(filter("ECONNREFUSED")).toEqual({ log: true, skipped: 0 });
    expect(filter("ECONNREFUSED")).toEqual({ log: false, skipped: 1 });
    expect(filter("ECONNREFUSED")).toEqual({ log: false, skipped: 2 });
    expect(filter("timeout")).toEqual({ log: true, skipped: 0 });
    const expired = createRepeatFilter(0);
    expired("x");
    expect(expired("x")).toEqual({ log: true, skipped: 0 });
  });
});
