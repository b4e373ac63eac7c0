/** Jittered exponential backoff that defers to whatever wait the provider asked for. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 30_000,
};

/** "Full jitter": a uniform wait between 0 and base·2^attempt, capped. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/** `Retry-After`: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Reset headers: `x-ratelimit-reset` / `X-RateLimit-Reset` hold either epoch seconds or seconds
 * to wait (providers differ); `x-ratelimit-reset-after` / `x-rate-limit-reset` likewise.
 */
export function parseRateLimitReset(headers: Headers, now = Date.now()): number | undefined {
  for (const name of ["x-ratelimit-reset-after", "x-ratelimit-reset", "x-rate-limit-reset"]) {
    const raw = headers.get(name);
    if (!raw || !/^\d+(\.\d+)?$/.test(raw.trim())) {
      continue;
    }
    const value = Number(raw);
    // Anything past 2001-09-09 in seconds is an epoch timestamp, not a delay.
    return value > 1_000_000_000
      ? Math.max(0, Math.round(value * 1000 - now))
      : Math.round(value * 1000);
  }
  return undefined;
}

/** The provider's wait when it gave one, otherwise backoff; never longer than the cap. */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  providerWaitMs: number | undefined,
  random = Math.random,
): number {
  if (providerWaitMs !== undefined) {
    return Math.min(policy.maxDelayMs, providerWaitMs);
  }
  return backoffDelay(policy, attempt, random);
}
