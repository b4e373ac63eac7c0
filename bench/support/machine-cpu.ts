import { readFile } from "node:fs/promises";

/** The machine's CPU time so far, from /proc/stat (Linux), in clock ticks. */
export interface CpuSnapshot {
  busy: number;
  total: number;
}

export async function machineCpu(): Promise<CpuSnapshot | undefined> {
  const stat = await readFile("/proc/stat", "utf8").catch(() => "");
  const fields = /^cpu\s+(.*)$/m.exec(stat)?.[1]?.trim().split(/\s+/).map(Number);
  if (!fields || fields.length < 4) {
    return undefined;
  }
  // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * The share of every core's time that was busy between two snapshots (0 to 1): near 1 means the
 * machine, not the software, bounded the figure measured in between.
 */
export function busyShare(before?: CpuSnapshot, after?: CpuSnapshot): number | null {
  if (!before || !after || after.total <= before.total) {
    return null;
  }
  return (after.busy - before.busy) / (after.total - before.total);
}

/**
 * Waits (5 s at most) until the machine is nearly idle over a short window, so that a measurement
 * does not start while the previous one's processes are still winding down.
 */
export async function settle(maxBusy = 0.2, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const before = await machineCpu();
    await new Promise(resolve => setTimeout(resolve, 300));
    const share = busyShare(before, await machineCpu());
    if (share === null || share <= maxBusy) {
      return;
    }
  }
}
