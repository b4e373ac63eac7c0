/**
 * Fixed-window counters behind `X-RateLimit-Limit/Remaining/Reset` (Reset is epoch seconds).
 * SendGrid does not publish its per-endpoint numbers (unverified); 600 a minute is our default.
 */
export class RateWindows {
  private readonly windows = new Map<string, { startsAt: number; used: number }>();

  constructor(
    public limit = 600,
    private readonly windowMs = 60_000,
  ) {}

  private current(bucket: string, now: number) {
    const startsAt = Math.floor(now / this.windowMs) * this.windowMs;
    let window = this.windows.get(bucket);
    if (!window || window.startsAt !== startsAt) {
      window = { startsAt, used: 0 };
      this.windows.set(bucket, window);
    }
    return window;
  }

  /** Counts one request; `allowed` is false once the window is used up. */
  take(bucket: string, now: number): { allowed: boolean; headers: Record<string, string> } {
    const window = this.current(bucket, now);
    const allowed = window.used < this.limit;
    if (allowed) {
      window.used += 1;
    }
    return { allowed, headers: this.headers(window) };
  }

  private headers(window: { startsAt: number; used: number }) {
    return {
      "X-RateLimit-Limit": String(this.limit),
      "X-RateLimit-Remaining": String(Math.max(0, this.limit - window.used)),
      "X-RateLimit-Reset": String(Math.ceil((window.startsAt + this.windowMs) / 1000)),
    };
  }

  /** The headers of an answer that does not count (a rendered fault). */
  peek(bucket: string, now: number): Record<string, string> {
    return this.headers(this.current(bucket, now));
  }
}
