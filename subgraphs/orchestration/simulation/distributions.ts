import type { Prng } from "./prng.js";

/**
 * Deterministic samplers built from a Prng with + − × ÷ and Math.sqrt only. IEEE 754 requires
 * those five operations to be correctly rounded, so the same stream gives the same samples on
 * every engine and machine; no exp, log, sin or pow (whose last bits are implementation-defined).
 */

/**
 * Binomial samples use exact inversion while the variance n·p·(1−p) is below this, and a
 * skew-corrected normal approximation from here on.
 *
 * Error of the approximation (computed numerically against the exact binomial CDF, over p from
 * 1e-4 to 0.5 and n·p·(1−p) from 50 to 5·10^4): the largest difference between the two CDFs
 * (Kolmogorov distance) is 2.9e-4, reached at the threshold with p → 0; it shrinks like
 * 1 / (n·p·(1−p)) above it (1.6e-4 at 100). Without the skew correction it would be 9e-3.
 * The inversion path is exact up to floating-point rounding of the probabilities (relative
 * error of order n·2^-53) and costs about n·p + 1 steps, at most about 2 × 50 = 100.
 */
export const BINOMIAL_NORMAL_THRESHOLD = 50;

const IRWIN_HALL_TERMS = 12;
const TWO_POW_32 = 4_294_967_296;

/**
 * A standard normal deviate from uniforms with arithmetic only.
 *
 * Irwin–Hall: the sum of 12 uniforms on [0, 1) minus 6 has mean 0 and variance 1, but its
 * excess kurtosis is −1/10 (CDF off the normal by up to 2.3e-3). The Cornish–Fisher term for
 * kurtosis, z + (z³ − 3z)·0.1/24, maps it onto the normal with a largest CDF error of 6.2e-5
 * (computed numerically from the exact Irwin–Hall CDF). The result lies in [−6.825, 6.825];
 * the normal puts 1e-11 of its mass outside, which no forecast can see.
 */
export function standardNormal(rng: Prng): number {
  let sum = 0;
  for (let i = 0; i < IRWIN_HALL_TERMS; i += 1) {
    sum += rng.nextUint32();
  }
  // Each uniform is taken at the midpoint of its cell, (u + 1/2) / 2^32, so the sum is exactly
  // symmetric about 6. The numerator is an integer below 12 · 2^32 + 6, exact in a double, and
  // dividing by 2^32 is exact too.
  const z = (sum + IRWIN_HALL_TERMS / 2) / TWO_POW_32 - IRWIN_HALL_TERMS / 2;
  return z + (z * z * z - 3 * z) / 240;
}

/** true with probability p. */
export function sampleBernoulli(rng: Prng, p: number): boolean {
  return rng.next() < p;
}

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`a probability must be in [0, 1], got ${p}`);
  }
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`a count must be a non-negative safe integer, got ${n}`);
  }
}

/** base^exponent for a non-negative integer exponent, by repeated squaring (deterministic). */
function integerPower(base: number, exponent: number): number {
  let result = 1;
  let square = base;
  let remaining = exponent;
  while (remaining > 0) {
    if (remaining % 2 === 1) {
      result *= square;
    }
    square *= square;
    remaining = Math.floor(remaining / 2);
  }
  return result;
}

/**
 * Inversion by sequential search from 0 (Devroye, "Non-Uniform Random Variate Generation",
 * 1986, §X.4): P(0) = q^n, then P(k+1) = P(k) · (n−k)/(k+1) · p/q. Exact for any n; only used
 * when n·p·q is small, where n·p is small too (p ≤ 1/2 here) so q^n cannot underflow.
 */
function binomialByInversion(rng: Prng, n: number, p: number): number {
  const q = 1 - p;
  const ratio = p / q;
  const u = rng.next();
  let k = 0;
  let probability = integerPower(q, n);
  let cumulative = probability;
  while (u >= cumulative && k < n) {
    probability *= ((n - k) / (k + 1)) * ratio;
    k += 1;
    cumulative += probability;
  }
  return k;
}

/**
 * Normal approximation with the Cornish–Fisher skewness term and continuity correction:
 * x = n·p + σ·(z + γ·(z² − 1)/6), rounded half up and clamped to [0, n], where σ² = n·p·q and
 * γ = (q − p)/σ is the binomial's skewness. The map is increasing for z > −3/γ, far outside
 * the deviate's range since γ ≤ 1/√50 here.
 */
function binomialByNormal(rng: Prng, n: number, p: number): number {
  const q = 1 - p;
  const sigma = Math.sqrt(n * p * q);
  const skew = (q - p) / sigma;
  const z = standardNormal(rng);
  const x = n * p + sigma * (z + (skew * (z * z - 1)) / 6);
  return Math.min(n, Math.max(0, Math.floor(x + 0.5)));
}

/** One draw from Binomial(n, p): an integer in [0, n]. */
export function sampleBinomial(rng: Prng, n: number, p: number): number {
  checkCount(n);
  checkProbability(p);
  if (n === 0 || p === 0) {
    return 0;
  }
  if (p === 1) {
    return n;
  }
  // Work with the smaller tail probability: Bin(n, p) = n − Bin(n, 1 − p).
  if (p > 0.5) {
    return n - sampleBinomial(rng, n, 1 - p);
  }
  if (n * p * (1 - p) < BINOMIAL_NORMAL_THRESHOLD) {
    return binomialByInversion(rng, n, p);
  }
  return binomialByNormal(rng, n, p);
}

/**
 * A sample around `mean` with standard deviation `spread · mean`: the normal deviate is clipped
 * to ±1/spread before scaling, so the sample stays in [0, 2·mean]. The clipping is symmetric,
 * so the expectation is exactly `mean` (the standard deviation shrinks a little once spread
 * passes about 1/3). With an integer mean, rounding half up keeps the expectation exact too:
 * round(m + D) = m + round(D), and round(D) is symmetric about 0 for symmetric continuous D.
 */
export function sampleAroundMean(rng: Prng, mean: number, spread: number): number {
  if (!Number.isSafeInteger(mean) || mean < 0) {
    throw new RangeError(`a mean must be a non-negative safe integer, got ${mean}`);
  }
  checkProbability(spread);
  if (spread === 0 || mean === 0) {
    return mean;
  }
  const limit = 1 / spread;
  const z = Math.min(limit, Math.max(-limit, standardNormal(rng)));
  return Math.min(2 * mean, Math.max(0, Math.floor(mean + mean * spread * z + 0.5)));
}
