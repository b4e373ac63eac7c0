/** How long to wait before retry number `attempt` (0 for the first): capped exponential backoff. */
export interface Backoff {
  delayMs(attempt: number): number;
}

/**
 * Doubles from `baseMs` up to `maxMs`, with up to a quarter taken off at random so that processes
 * that lost the same server do not all come back in the same millisecond.
 */
export function createBackoff(options: { baseMs?: number; maxMs?: number } = {}): Backoff {
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 5_000;
  return {
    delayMs(attempt) {
      const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
      return Math.round(ceiling * (0.75 + Math.random() * 0.25));
    },
  };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs `work` until it succeeds, waiting out the backoff between failures, for as long as
 * `wanted()` holds; resolves undefined once it no longer does. `onError` hears each failure.
 */
export async function retryWhile<T>(
  work: () => Promise<T>,
  options: {
    wanted: () => boolean;
    backoff?: Backoff;
    onError?: (error: unknown, attempt: number) => void;
    signal?: AbortSignal;
  },
): Promise<T | undefined> {
  const backoff = options.backoff ?? createBackoff();
  for (let attempt = 0; options.wanted(); attempt += 1) {
    try {
      return await work();
    } catch (error) {
      options.onError?.(error, attempt);
      if (!options.wanted()) {
        break;
      }
      await pause(backoff.delayMs(attempt), options.signal);
    }
  }
  return undefined;
}
