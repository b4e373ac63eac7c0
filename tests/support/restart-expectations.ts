import { afterAll, beforeAll, expect } from "@jest/globals";
import type { RunningProcess } from "../../testing/processes.js";
import type { RestartOutcome } from "./database-restart.js";
import { startRestartablePostgres, type RestartablePostgres } from "./restartable-postgres.js";

/**
 * A PostgreSQL server of the test file's own (the other files share theirs), started before its
 * tests and destroyed after them: the scenarios restart it.
 */
export function useRestartablePostgres(): () => RestartablePostgres {
  let postgres: RestartablePostgres;
  beforeAll(async () => {
    postgres = await startRestartablePostgres();
  }, 60_000);
  afterAll(async () => {
    await postgres.destroy();
  });
  return () => postgres;
}

/** Nothing died or needed the last-resort handler, and the subscriber saw every event once. */
export function expectSurvived(outcome: RestartOutcome, processes: RunningProcess[]) {
  const alive = processes.map(process => ({
    exitCode: process.child.exitCode,
    output: process.child.exitCode === null ? "" : process.output(),
  }));
  expect(alive).toEqual(processes.map(() => ({ exitCode: null, output: "" })));
  // The last-resort handler keeps a process up; nothing may have needed it.
  const unhandled = processes.flatMap(process =>
    process
      .output()
      .split("\n")
      .filter(line => /unhandled promise rejection|uncaught exception/.test(line)),
  );
  expect(unhandled).toEqual([]);
  // Every event exactly once and in order (a resumed subscription starts after the last seen).
  expect(outcome.events.map(event => event.seq)).toEqual(
    outcome.events.map((_event, index) => index + 1),
  );
  expect(outcome.events.at(-1)?.type).toBe("EXECUTION_SUCCEEDED");
  expect(outcome.events.filter(event => event.type === "ITEM_SUCCEEDED")).toHaveLength(
    outcome.recipients,
  );
  expect(outcome.status).toBe("SUCCEEDED");
}
