import { describe, expect, it } from "@jest/globals";
import {
  BINOMIAL_NORMAL_THRESHOLD,
  sampleAroundMean,
  sampleBinomial,
  standardNormal,
} from "../../../subgraphs/orchestration/simulation/distributions.js";
import { Prng } from "../../../subgraphs/orchestration/simulation/prng.js";

/** Sample mean and (unbiased) sample variance. */
function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, variance: squares / (values.length - 1) };
}

function sample(count: number, draw: () => number): number[] {
  return Array.from({ length: count }, draw);
}

/** Exact Binomial(n, p) probabilities, for small n. */
function binomialPmf(n: number, p: number): number[] {
  const pmf = [(1 - p) ** n];
  for (let k = 0; k < n; k += 1) {
    pmf.push((pmf[k] ?? 0) * ((n - k) / (k + 1)) * (p / (1 - p)));
  }
  return pmf;
}

const DRAWS = 20_000;

describe("binomial sampling", () => {
  // Each case names the path it exercises: n·p·(1−p) below the threshold is exact inversion.
  const cases: { label: string; n: number; p: number }[] = [
    { label: "small n (inversion)", n: 10, p: 0.3 },
    { label: "just below the threshold (inversion)", n: 200, p: 0.4 },
    { label: "huge n, tiny p (inversion)", n: 1_000_000_000_000, p: 1e-11 },
    { label: "p above 1/2 (symmetry, normal)", n: 1_000, p: 0.9 },
    { label: "just above the threshold (normal)", n: 220, p: 0.4 },
    { label: "large n (normal)", n: 1_000_000, p: 0.03 },
  ];

  it.each(cases)("$label: mean and variance within 4 standard errors", ({ n, p }) => {
    const rng = Prng.fromSeed(`binomial-${n}-${p}`);
    const values = sample(DRAWS, () => sampleBinomial(rng, n, p));
    expect(values.filter(value => !Number.isInteger(value) || value < 0 || value > n)).toEqual([]);
    const q = 1 - p;
    const variance = n * p * q;
    const observed = moments(values);
    // The sample mean has variance σ²/N.
    expect(Math.abs(observed.mean - n * p)).toBeLessThan(4 * Math.sqrt(variance / DRAWS));
    // The sample variance has variance (μ4 − σ⁴)/N, with the binomial's fourth central moment
    // μ4 = n·p·q·(1 + 3·p·q·(n − 2)).
    const fourthMoment = variance * (1 + 3 * p * q * (n - 2));
    const varianceError = Math.sqrt((fourthMoment - variance ** 2) / DRAWS);
    expect(Math.abs(observed.variance - variance)).toBeLessThan(4 * varianceError);
  });

  it("exercises both sides of the threshold in the cases above", () => {
    expect(200 * 0.4 * 0.6).toBeLessThan(BINOMIAL_NORMAL_THRESHOLD);
    expect(220 * 0.4 * 0.6).toBeGreaterThanOrEqual(BINOMIAL_NORMAL_THRESHOLD);
  });

  it("matches the exact distribution for small n (chi-square within 4 standard deviations)", () => {
    const n = 12;
    const p = 0.35;
    const rng = Prng.fromSeed("shape");
    const seen = new Array<number>(n + 1).fill(0);
    for (let i = 0; i < DRAWS; i += 1) {
      const k = sampleBinomial(rng, n, p);
      seen[k] = (seen[k] ?? 0) + 1;
    }
    // Pool the sparse upper tail so every cell expects at least 5 draws.
    const expected = binomialPmf(n, p).map(probability => probability * DRAWS);
    const cells: { seen: number; expected: number }[] = [];
    let pooled = { seen: 0, expected: 0 };
    for (let k = n; k >= 0; k -= 1) {
      pooled = {
        seen: pooled.seen + (seen[k] ?? 0),
        expected: pooled.expected + (expected[k] ?? 0),
      };
      if (pooled.expected >= 5) {
        cells.push(pooled);
        pooled = { seen: 0, expected: 0 };
      }
    }
    const chiSquare = cells.reduce((sum, c) => sum + (c.seen - c.expected) ** 2 / c.expected, 0);
    const freedom = cells.length - 1;
    expect(chiSquare).toBeLessThan(freedom + 4 * Math.sqrt(2 * freedom));
  });

  it("handles the edges exactly and rejects bad arguments", () => {
    const rng = Prng.fromSeed("edges");
    expect(sampleBinomial(rng, 0, 0.5)).toBe(0);
    expect(sampleBinomial(rng, 1_000, 0)).toBe(0);
    expect(sampleBinomial(rng, 1_000, 1)).toBe(1_000);
    expect(sampleBinomial(rng, Number.MAX_SAFE_INTEGER, 0.5)).toBeLessThanOrEqual(
      Number.MAX_SAFE_INTEGER,
    );
    expect(() => sampleBinomial(rng, -1, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 2.5, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 10, 1.1)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 10, Number.NaN)).toThrow(RangeError);
  });

  it("is deterministic for a seed", () => {
    const run = (seed: string) => {
      const rng = Prng.fromSeed(seed);
      return sample(200, () => sampleBinomial(rng, 5_000, 0.2));
    };
    expect(run("a")).toEqual(run("a"));
    expect(run("a")).not.toEqual(run("b"));
  });
});

describe("the arithmetic-only normal deviate", () => {
  it("has mean 0 and variance 1 within 4 standard errors, bounded and symmetric", () => {
    const rng = Prng.fromSeed("normal");
    const values = sample(DRAWS, () => standardNormal(rng));
    const { mean, variance } = moments(values);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(1 / DRAWS));
    // For a normal, the sample variance has variance 2σ⁴/N.
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / DRAWS));
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(6.825);
    // The 10th percentile of the normal is −1.2816: about 10% of draws fall below it.
    const below = values.filter(value => value < -1.2816).length / DRAWS;
    expect(Math.abs(below - 0.1)).toBeLessThan(4 * Math.sqrt((0.1 * 0.9) / DRAWS));
  });
});

describe("sampling around a mean", () => {
  it("is unbiased, stays in [0, 2·mean], and is constant without spread", () => {
    const rng = Prng.fromSeed("reach");
    const mean = 500;
    const values = sample(DRAWS, () => sampleAroundMean(rng, mean, 0.8));
    const observed = moments(values);
    expect(Math.abs(observed.mean - mean)).toBeLessThan(4 * Math.sqrt(observed.variance / DRAWS));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(2 * mean);
    expect(sampleAroundMean(rng, mean, 0)).toBe(mean);
    expect(() => sampleAroundMean(rng, 2.5, 0.1)).toThrow(RangeError);
  });
});
