import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
export { freePort } from "./free-port.js";

/**
 * Child processes for tests and benchmarks alike: the project's entries (`dist/...`) or any
 * executable, with their output captured, waited on by pattern, measured, and stopped with
 * everything they started.
 */
export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output matches; rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** The exit code (null after a signal), once the process has exited. */
  exited(): Promise<number | null>;
  /** Resident memory of the process, in bytes (Linux /proc). */
  rss(): Promise<number>;
  /** CPU seconds used so far by the process and its descendants (Linux /proc). */
  cpuSeconds(): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs a command with the project's Node (or any executable), capturing its output. */
export function run(command: string, args: string[], env: Record<string, string>): RunningProcess {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(command, args, {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text = (text + chunk.toString("utf8")).slice(-200_000);
    listeners.forEach(listener => listener());
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exit = new Promise<number | null>(resolve => child.once("exit", code => resolve(code)));
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}:\n${text.slice(-2000)}`)),
          timeoutMs,
        );
        const check = () => {
          const match = pattern.exec(text);
          if (match) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(match);
          }
        };
        listeners.add(check);
        check();
        void exit.then(() => {
          clearTimeout(timer);
          reject(
            new Error(
              `${command} ${args.join(" ")} exited before ${pattern}:\n${text.slice(-2000)}`,
            ),
          );
        });
      });
    },
    exited: () => exit,
    async rss() {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8").catch(() => "");
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : 0;
    },
    cpuSeconds: () => treeCpuSeconds(child.pid ?? 0),
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        // Forked workers (Hive Gateway's) may outlive their parent for a moment: wait for them
        // too, so that the next measurement does not share the machine with a dying process.
        const family = await descendants(child.pid ?? 0);
        child.kill(signal);
        await Promise.race([exit, new Promise(resolve => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGKILL");
          await exit;
        }
        await waitForExit(family);
      }
    },
  };
}

export const NODE = process.execPath;

/** Runs a built entry (`dist/...`) with the project's Node. */
export function runNode(
  entry: string,
  args: string[],
  env: Record<string, string>,
): RunningProcess {
  return run(NODE, [entry, ...args], env);
}

/** Waits until `url` answers 200 (a /readyz probe). */
export async function ready(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      .then(response => response.ok)
      .catch(() => false);
    if (ok) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} never became ready`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

const TICKS_PER_SECOND = 100;

async function descendants(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const children: number[] = [];
  for (const task of tasks) {
    const text = await readFile(`/proc/${pid}/task/${task}/children`, "utf8").catch(() => "");
    children.push(...text.split(/\s+/).filter(Boolean).map(Number));
  }
  const nested = await Promise.all(children.map(descendants));
  return [...children, ...nested.flat()];
}

/** Whether a process still runs (a zombie, exited but not reaped, does not). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

/** Waits for processes to exit (5 s at most), then kills what is left. */
async function waitForExit(pids: number[]): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (pids.some(alive) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  for (const pid of pids.filter(alive)) {
    process.kill(pid, "SIGKILL");
  }
}

/** utime + stime of a process tree, from /proc/<pid>/stat (fields 14 and 15). */
async function treeCpuSeconds(pid: number): Promise<number> {
  let ticks = 0;
  for (const id of [pid, ...(await descendants(pid))]) {
    const stat = await readFile(`/proc/${id}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks / TICKS_PER_SECOND;
}
