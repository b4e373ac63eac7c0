/**
 * A token bucket per key (one per connection): `capacity` requests at once, refilled at
 * `perSecond`. `acquire` waits for a token; a provider's RATE_LIMITED answer empties the bucket
 * until the provider's reset, so every caller on that connection backs off together.
 */
export interface RateLimiterOptions {
  capacity: number;
  perSecond: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  blockedUntil: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.options.capacity, updatedAt: this.now(), blockedUntil: 0 };
      this.buckets.set(key, bucket);
    }
    const now = this.now();
    const refill = ((now - bucket.updatedAt) / 1000) * this.options.perSecond;
    bucket.tokens = Math.min(this.options.capacity, bucket.tokens + refill);
    bucket.updatedAt = now;
    return bucket;
  }

  /** Milliseconds until `key` may send; 0 when a token is available now (and takes it). */
  tryAcquire(key: string): number {
    const bucket = this.bucket(key);
    const now = this.now();
    if (bucket.blockedUntil > now) {
      return bucket.blockedUntil - now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.options.perSecond) * 1000);
  }

  async acquire(key: string): Promise<void> {
    for (let wait = this.tryAcquire(key); wait > 0; wait = this.tryAcquire(key)) {
      await this.sleep(wait);
    }
  }

  /** The provider said stop: nobody on this key sends before `retryAfterMs` has passed. */
  pause(key: string, retryAfterMs: number): void {
    const bucket = this.bucket(key);
    bucket.tokens = 0;
    bucket.blockedUntil = Math.max(bucket.blockedUntil, this.now() + retryAfterMs);
  }
}
