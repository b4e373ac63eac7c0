import { PlaybookError } from "../../subgraphs/orchestration/playbook/playbook.errors.js";

/** The PlaybookError `run` throws (any other outcome fails the test). */
export function errorOf(run: () => unknown): PlaybookError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlaybookError) {
      return error;
    }
    throw error;
  }
  throw new Error("expected a PlaybookError");
}
