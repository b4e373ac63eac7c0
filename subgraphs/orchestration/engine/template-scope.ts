import type { EntityManager } from "@mikro-orm/postgresql";
import { type Execution, ExecutionItem } from "../../../orm/entities/index.js";
import { transitiveDependencies } from "../playbook/dag.js";
import { PlaybookError } from "../playbook/playbook.errors.js";
import type { JsonObject, JsonValue, Playbook } from "../playbook/playbook.types.js";
import {
  collectRefs,
  type StepResult,
  type TemplateRef,
  type TemplateScope,
} from "../playbook/template.js";
import { stepOf } from "./execution-state.js";

type Read = Set<string> | "all";

/** An execution, possibly loaded without its inputs. */
type ExecutionRow = Pick<Execution, "id" | "mode"> & Partial<Pick<Execution, "inputs">>;

/** The references in a template; none when it does not parse (rendering then reports why). */
function refsIn(template: JsonValue): TemplateRef[] {
  try {
    return collectRefs(template, "").map(found => found.ref);
  } catch (error) {
    if (error instanceof PlaybookError) {
      return [];
    }
    throw error;
  }
}

/** The names a template reads under `root` (`inputs.audience` reads audience), or all. */
function namesRead(refs: TemplateRef[], root: "inputs" | "steps"): Read {
  const names = new Set<string>();
  for (const ref of refs.filter(candidate => candidate.root === root)) {
    if (ref.path.length === 1) {
      return "all";
    }
    names.add(ref.path[1]!);
  }
  return names;
}

/**
 * The execution's inputs as far as the template reads them. Workers load an execution without
 * its inputs (a campaign's hold its whole audience, which each item's call rarely needs), so
 * only the named inputs are read then, in one statement.
 */
async function inputsRead(
  tx: EntityManager,
  execution: ExecutionRow,
  read: Read,
): Promise<JsonObject> {
  if (execution.inputs !== undefined) {
    return execution.inputs as JsonObject;
  }
  if (read !== "all" && !read.size) {
    return {};
  }
  const [row] = await tx.execute<Array<{ inputs: JsonObject }>>(
    read === "all"
      ? `select inputs from execution where id = ?`
      : `select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) as inputs
         from execution, jsonb_each(execution.inputs) where execution.id = ? and key in (?)`,
    read === "all" ? [execution.id] : [execution.id, [...read]],
  );
  return row?.inputs ?? {};
}

/** The outputs of the steps `stepId` depends on that the template reads. */
async function dependencyResults(
  tx: EntityManager,
  executionId: string,
  playbook: Playbook,
  stepId: string,
  read: Read,
): Promise<Record<string, StepResult>> {
  const needed = [...transitiveDependencies(playbook, stepId)].filter(
    id => read === "all" || read.has(id),
  );
  if (!needed.length) {
    return {};
  }
  const items = await tx.find(
    ExecutionItem,
    { execution: executionId, stepId: { $in: needed } },
    { orderBy: { index: "asc" }, fields: ["stepId", "index", "output", "status"] as never },
  );
  const results: Record<string, StepResult> = {};
  for (const id of needed) {
    const outputs = items
      .filter(item => item.stepId === id)
      .map(item => (item.output ?? null) as JsonValue);
    results[id] = stepOf(playbook, id).forEach ? { outputs } : { output: outputs[0] ?? null };
  }
  return results;
}

/**
 * What one of a step's templates (its forEach, or its variables) sees. Only what the template
 * names is read from the database: rendering looks up nothing else.
 */
export async function scopeFor(
  tx: EntityManager,
  execution: ExecutionRow,
  playbook: Playbook,
  stepId: string,
  template: JsonValue,
): Promise<TemplateScope> {
  const refs = refsIn(template);
  return {
    inputs: await inputsRead(tx, execution, namesRead(refs, "inputs")),
    steps: await dependencyResults(tx, execution.id, playbook, stepId, namesRead(refs, "steps")),
    execution: { id: execution.id, mode: execution.mode },
  };
}
