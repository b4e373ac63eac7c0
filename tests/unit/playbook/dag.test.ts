import { describe, expect, it } from "@jest/globals";
import {
  checkGraph,
  findCycle,
  planOrder,
  readySteps,
  transitiveDependencies,
} from "../../../subgraphs/orchestration/playbook/dag.js";
import { parsePlaybook } from "../../../subgraphs/orchestration/playbook/playbook-parser.js";
import { errorOf } from "../../support/playbook-errors.js";
import type { Playbook } from "../../../subgraphs/orchestration/playbook/playbook.types.js";

/** Steps from `id: dependencies` pairs, in the order given. */
function graph(edges: Record<string, string[]>): Playbook {
  return parsePlaybook({
    steps: Object.entries(edges).map(([id, dependsOn]) => ({
      id,
      operation: "query { campaigns { id } }",
      dependsOn,
    })),
  });
}

describe("checkGraph", () => {
  it("accepts a DAG", () => {
    expect(() => checkGraph(graph({ a: [], b: ["a"], c: ["a", "b"] }))).not.toThrow();
  });

  it("names an unknown dependency and the step that names it", () => {
    const error = errorOf(() => checkGraph(graph({ send: ["prepare"] })));
    expect(error.message).toBe('step "send": dependsOn names unknown step "prepare"');
    expect(error).toMatchObject({ stepId: "send", field: "steps[0].dependsOn[0]" });
  });

  it("rejects duplicate ids, self-dependencies and repeated dependencies", () => {
    const playbook = graph({ a: [] });
    const duplicate = { ...playbook, steps: [...playbook.steps, ...playbook.steps] };
    expect(errorOf(() => checkGraph(duplicate))).toMatchObject({
      stepId: "a",
      field: "steps[1].id",
      message: 'step "a": the id is already used by steps[0]; step ids must be unique',
    });
    expect(errorOf(() => checkGraph(graph({ a: ["a"] }))).message).toBe(
      'step "a": a step cannot depend on itself',
    );
    expect(errorOf(() => checkGraph(graph({ a: [], b: ["a", "a"] })))).toMatchObject({
      field: "steps[1].dependsOn[1]",
    });
  });

  it("reports a cycle with its steps", () => {
    const playbook = graph({ start: [], a: ["start", "c"], b: ["a"], c: ["b"] });
    expect(findCycle(playbook)).toEqual(["a", "c", "b", "a"]);
    const error = errorOf(() => checkGraph(playbook));
    expect(error.message).toBe(
      'the steps form a cycle: "a" → "c" → "b" → "a"; a playbook is a DAG',
    );
    expect(error).toMatchObject({ stepId: "a", field: "steps[1].dependsOn" });
    expect(findCycle(graph({ a: [], b: ["a"] }))).toBeNull();
  });
});

describe("planOrder and transitiveDependencies", () => {
  it("orders every step after its dependencies, declaration order breaking ties", () => {
    const playbook = graph({ report: ["send", "post"], send: ["prepare"], post: [], prepare: [] });
    expect(planOrder(playbook).map(step => step.id)).toEqual(["post", "prepare", "send", "report"]);
  });

  it("throws on a cycle", () => {
    expect(errorOf(() => planOrder(graph({ a: ["b"], b: ["a"] }))).message).toMatch(/cycle/);
  });

  it("finds direct and transitive dependencies only", () => {
    const playbook = graph({ a: [], b: ["a"], c: ["b"], d: [] });
    expect([...transitiveDependencies(playbook, "c")].sort()).toEqual(["a", "b"]);
    expect(transitiveDependencies(playbook, "a").size).toBe(0);
  });
});

describe("readySteps", () => {
  const playbook = graph({ a: [], b: ["a"], c: ["a"], d: ["b", "c"] });
  const ready = (states: Parameters<typeof readySteps>[1]): string[] =>
    readySteps(playbook, states).map(step => step.id);

  it("starts with the roots", () => {
    expect(ready({})).toEqual(["a"]);
  });

  it("gives steps whose dependencies all succeeded and that have not started", () => {
    expect(ready({ a: "RUNNING" })).toEqual([]);
    expect(ready({ a: "SUCCEEDED" })).toEqual(["b", "c"]);
    expect(ready({ a: "SUCCEEDED", b: "RUNNING", c: "PENDING" })).toEqual(["c"]);
    expect(ready({ a: "SUCCEEDED", b: "SUCCEEDED", c: "RUNNING" })).toEqual([]);
    expect(ready({ a: "SUCCEEDED", b: "SUCCEEDED", c: "SUCCEEDED" })).toEqual(["d"]);
    expect(ready({ a: "SUCCEEDED", b: "SUCCEEDED", c: "SUCCEEDED", d: "SUCCEEDED" })).toEqual([]);
  });

  it("never gives a step behind a failed, skipped or cancelled dependency", () => {
    expect(ready({ a: "FAILED" })).toEqual([]);
    expect(ready({ a: "SUCCEEDED", b: "SKIPPED", c: "SUCCEEDED" })).toEqual([]);
    expect(ready({ a: "SUCCEEDED", b: "SUCCEEDED", c: "CANCELLED" })).toEqual([]);
  });
});
