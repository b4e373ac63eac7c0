import { PlaybookError, childField, stepError } from "./playbook.errors.js";
import type { Playbook, PlaybookStep, StepStatus } from "./playbook.types.js";

/**
 * Checks the graph the steps form: ids unique, every `dependsOn` names another existing step,
 * once, and no cycle. Throws a PlaybookError about the first problem.
 */
export function checkGraph(playbook: Playbook): void {
  const firstIndex = new Map<string, number>();
  playbook.steps.forEach((step, index) => {
    const earlier = firstIndex.get(step.id);
    if (earlier !== undefined) {
      throw stepError(
        step.id,
        `steps[${index}].id`,
        `the id is already used by steps[${earlier}]; step ids must be unique`,
      );
    }
    firstIndex.set(step.id, index);
  });
  playbook.steps.forEach((step, index) => {
    const seen = new Set<string>();
    step.dependsOn.forEach((name, position) => {
      const field = childField(`steps[${index}].dependsOn`, position);
      if (name === step.id) {
        throw stepError(step.id, field, "a step cannot depend on itself");
      }
      if (!firstIndex.has(name)) {
        throw stepError(step.id, field, `dependsOn names unknown step "${name}"`);
      }
      if (seen.has(name)) {
        throw stepError(step.id, field, `dependsOn names step "${name}" twice`);
      }
      seen.add(name);
    });
  });
  const cycle = findCycle(playbook);
  if (cycle) {
    const [first = ""] = cycle;
    throw new PlaybookError(
      `the steps form a cycle: ${cycle.map(id => `"${id}"`).join(" → ")}; a playbook is a DAG`,
      { stepId: first, field: `steps[${firstIndex.get(first) ?? 0}].dependsOn` },
    );
  }
}

/** A cycle as the ids along it, the first repeated at the end (`a → b → a`); null if none. */
export function findCycle(playbook: Playbook): string[] | null {
  const byId = new Map(playbook.steps.map(step => [step.id, step]));
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (id: string): string[] | null => {
    const open = onPath.indexOf(id);
    if (open !== -1) {
      return [...onPath.slice(open), id];
    }
    if (done.has(id)) {
      return null;
    }
    onPath.push(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      const cycle = byId.has(dependency) ? visit(dependency) : null;
      if (cycle) {
        return cycle;
      }
    }
    onPath.pop();
    done.add(id);
    return null;
  };
  for (const step of playbook.steps) {
    const cycle = visit(step.id);
    if (cycle) {
      return cycle;
    }
  }
  return null;
}

/**
 * The steps in an order that runs every step after all its dependencies; among steps that could
 * go next, the one declared first. Throws a PlaybookError on a cycle.
 */
export function planOrder(playbook: Playbook): PlaybookStep[] {
  const cycle = findCycle(playbook);
  if (cycle) {
    throw new PlaybookError(`the steps form a cycle: ${cycle.map(id => `"${id}"`).join(" → ")}`);
  }
  const placed = new Set<string>();
  const order: PlaybookStep[] = [];
  while (order.length < playbook.steps.length) {
    const next = playbook.steps.find(
      step => !placed.has(step.id) && step.dependsOn.every(id => placed.has(id)),
    );
    if (!next) {
      throw new PlaybookError("dependsOn names a step that does not exist");
    }
    placed.add(next.id);
    order.push(next);
  }
  return order;
}

/** Every step a step waits for, directly or through others. */
export function transitiveDependencies(playbook: Playbook, stepId: string): Set<string> {
  const byId = new Map(playbook.steps.map(step => [step.id, step]));
  const found = new Set<string>();
  const pending = [...(byId.get(stepId)?.dependsOn ?? [])];
  while (pending.length > 0) {
    const id = pending.pop() ?? "";
    if (!found.has(id)) {
      found.add(id);
      pending.push(...(byId.get(id)?.dependsOn ?? []));
    }
  }
  return found;
}

/**
 * For the engine: steps that have not started (no status, or PENDING) and whose dependencies
 * have all SUCCEEDED, in declaration order.
 */
export function readySteps(
  playbook: Playbook,
  states: Readonly<Record<string, StepStatus | undefined>>,
): PlaybookStep[] {
  const status = (id: string): StepStatus =>
    (Object.hasOwn(states, id) ? states[id] : undefined) ?? "PENDING";
  return playbook.steps.filter(
    step => status(step.id) === "PENDING" && step.dependsOn.every(id => status(id) === "SUCCEEDED"),
  );
}
