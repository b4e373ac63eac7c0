import { spawn, type ChildProcess } from "node:child_process";
export { freePort } from "../../testing/free-port.js";

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output matches, rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exited(): Promise<number | null>;
  stop(): Promise<void>;
}

/** Runs a built entry (`dist/...`) with the project's Node, capturing its output. */
export function runNode(
  entry: string,
  args: string[],
  env: Record<string, string>,
): RunningProcess {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [entry, ...args], {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    listeners.forEach(listener => listener());
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exit = new Promise<number | null>(resolve => child.once("exit", code => resolve(code)));
  return {
    child,
    output: () => text,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match) {
            listeners.delete(check);
            resolve(match);
          }
        };
        listeners.add(check);
        check();
        void exit.then(code =>
          reject(new Error(`${entry} exited (${code}) before ${pattern}:\n${text}`)),
        );
      });
    },
    exited: () => exit,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exit;
      }
    },
  };
}
