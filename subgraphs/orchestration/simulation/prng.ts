import { createHash } from "node:crypto";

/**
 * A seeded 32-bit pseudo-random generator whose output is identical on every machine and engine.
 *
 * Generator: sfc32, Chris Doty-Humphrey's "Small Fast Counting" generator from the PractRand
 * suite (128 bits of state: three mixing words and a counter that guarantees a period of at least
 * 2^32; it passes PractRand and BigCrush). Every step is 32-bit integer arithmetic (`| 0`, `>>>`,
 * shifts, xor), so no floating-point rounding can differ between engines.
 *
 * Seeding: the seed path (the caller's seed, then the labels of each child stream) is written as
 * JSON, hashed with SHA-256 (node:crypto; a standard, fully specified function) and the first 16
 * bytes become the four state words. The first outputs are discarded so that even a degenerate
 * state is mixed before use.
 *
 * Child streams are derived from the seed path, never from the parent's current state, so
 * `root.child("run", 3)` gives the same stream however much the root has been used, and streams
 * for different labels are statistically independent (distinct SHA-256 preimages).
 */

/** Outputs thrown away after seeding. */
const WARM_UP_STEPS = 12;
const TWO_POW_26 = 67_108_864;
const TWO_POW_53 = 9_007_199_254_740_992;

/** A child-stream label: text or a safe integer (run number, recipient index...). */
export type StreamLabel = string | number;

/**
 * The seed as text. A number seed must be a safe integer and is written in decimal, so the
 * seeds `42` and `"42"` give the same stream (a seed that went through JSON or GraphQL as text
 * still reproduces the forecast).
 */
export function canonicalSeed(seed: string | number): string {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`a numeric seed must be a safe integer, got ${seed}`);
    }
    return String(seed);
  }
  return seed;
}

function checkLabel(label: StreamLabel): void {
  if (typeof label === "number" && !Number.isSafeInteger(label)) {
    throw new RangeError(`a numeric stream label must be a safe integer, got ${label}`);
  }
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(private readonly path: readonly StreamLabel[]) {
    const digest = createHash("sha256").update(JSON.stringify(path)).digest();
    this.a = digest.readUInt32BE(0);
    this.b = digest.readUInt32BE(4);
    this.c = digest.readUInt32BE(8);
    this.d = digest.readUInt32BE(12);
    for (let i = 0; i < WARM_UP_STEPS; i += 1) {
      this.nextUint32();
    }
  }

  /** The root stream of a seed. */
  static fromSeed(seed: string | number): Prng {
    return new Prng([canonicalSeed(seed)]);
  }

  /**
   * An independent stream named by `labels` under this one (for example `("run", 7)` then
   * `("channel", "SMS")`). Deterministic, and unaffected by draws already made on this stream.
   */
  child(...labels: readonly StreamLabel[]): Prng {
    labels.forEach(checkLabel);
    return new Prng([...this.path, ...labels]);
  }

  /** The next 32-bit output, an integer in [0, 2^32). One sfc32 step. */
  nextUint32(): number {
    const result = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + result) | 0;
    return result >>> 0;
  }

  /**
   * A uniform number in [0, 1) with 53 random bits (every double of the form k / 2^53), from two
   * 32-bit outputs: 27 high bits from the first and 26 from the second. Exact: the integer
   * k < 2^53 and the division by a power of two are both representable.
   */
  next(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }
}
