import { createServer } from "node:net";

/**
 * Ports handed to child processes are picked from a block of the non-ephemeral range owned by
 * this Jest worker (or bench process), never from the kernel's ephemeral range: a port the
 * kernel gave out with `listen(0)` can be given out again to a neighbour before the child binds
 * it, while a block no other worker draws from cannot. Each port is handed out once per process.
 */
const FIRST = 20_000;
const BLOCK = 1_000;
const worker = Number(process.env.JEST_WORKER_ID ?? 0);
const start = FIRST + (worker % 12) * BLOCK;
let next = start + (process.pid % BLOCK);

function canListen(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that is free now and handed out by no one else (tests and bench). */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < BLOCK; tries += 1) {
    const port = start + ((next - start) % BLOCK);
    next += 1;
    if (await canListen(port)) {
      return port;
    }
  }
  throw new Error(`no free port in ${start}-${start + BLOCK - 1}`);
}
