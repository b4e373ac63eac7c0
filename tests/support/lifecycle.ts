import { afterAll, beforeAll } from "@jest/globals";

/**
 * Registers, in the describe that calls it, a `beforeAll` that starts something and an `afterAll`
 * that stops it, and returns a getter for it that the describe's hooks and tests can use.
 */
export function useStarted<T>(
  what: string,
  start: () => Promise<T>,
  stop: (value: T) => Promise<void>,
): () => T {
  let started: { value: T } | undefined;
  beforeAll(async () => {
    started = { value: await start() };
  });
  afterAll(async () => {
    if (started) {
      await stop(started.value);
    }
  });
  return () => {
    if (!started) {
      throw new Error(`${what} is not running: use it in the describe that set it up`);
    }
    return started.value;
  };
}
