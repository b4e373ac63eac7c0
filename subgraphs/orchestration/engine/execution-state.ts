import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Execution, ExecutionStep } from "../../../orm/entities/index.js";
import { parsePlaybook } from "../playbook/playbook-parser.js";
import type { Playbook, PlaybookStep } from "../playbook/playbook.types.js";

/** Statuses after which nothing more happens to an execution. */
export const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

/** Locks the execution row for the rest of the transaction: one state change at a time. */
export function lockExecution(tx: EntityManager, id: string): Promise<Execution | null> {
  return tx.findOne(Execution, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

const playbooks = new Map<string, Playbook>();
const CACHED_PLAYBOOKS = 500;

/**
 * The execution's own copy of its playbook, parsed. The copy never changes once the execution
 * exists, so it is parsed once per process (the most recent few hundred are kept).
 */
export function playbookOf(execution: Pick<Execution, "id" | "playbook">): Playbook {
  let playbook = playbooks.get(execution.id);
  if (!playbook) {
    playbook = parsePlaybook(execution.playbook);
    if (playbooks.size >= CACHED_PLAYBOOKS) {
      playbooks.delete(playbooks.keys().next().value!);
    }
    playbooks.set(execution.id, playbook);
  }
  return playbook;
}

export function stepOf(playbook: Playbook, stepId: string): PlaybookStep {
  const step = playbook.steps.find(candidate => candidate.id === stepId);
  if (!step) {
    throw new Error(`the playbook has no step "${stepId}"`);
  }
  return step;
}

export async function stepRows(
  tx: EntityManager,
  executionId: string,
): Promise<Map<string, ExecutionStep>> {
  const rows = await tx.find(ExecutionStep, { execution: executionId }, { refresh: true });
  return new Map(rows.map(row => [row.stepId, row]));
}

/** The key that makes a step's call safe to replay: one per execution, step and item. */
export function idempotencyKeyFor(executionId: string, stepId: string, index: number): string {
  return `exec:${executionId}:${stepId}:${index}`;
}
