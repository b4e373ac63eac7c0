/** Whether to log an occurrence now, and how many like it were left out since the last logged. */
export interface RepeatVerdict {
  log: boolean;
  skipped: number;
}

/**
 * Thins out a run of like log lines (a poller failing every second while the database is away):
 * the first of each `key` is logged, then at most one per `windowMs`, carrying the count of
 * those left out in between.
 */
export function createRepeatFilter(windowMs = 30_000): (key: string) => RepeatVerdict {
  const runs = new Map<string, { loggedAt: number; skipped: number }>();
  return key => {
    const now = Date.now();
    const run = runs.get(key);
    if (run && now - run.loggedAt < windowMs) {
      run.skipped += 1;
      return { log: false, skipped: run.skipped };
    }
    if (runs.size > 100) {
      for (const [old, { loggedAt }] of runs) {
        if (now - loggedAt >= windowMs) {
          runs.delete(old);
        }
      }
    }
    runs.set(key, { loggedAt: now, skipped: 0 });
    return { log: true, skipped: run?.skipped ?? 0 };
  };
}
