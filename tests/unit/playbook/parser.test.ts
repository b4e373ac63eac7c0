import { describe, expect, it } from "@jest/globals";
import { parsePlaybook } from "../../../subgraphs/orchestration/playbook/playbook-parser.js";
import { errorOf } from "../../support/playbook-errors.js";

const OPERATION = "query { campaigns { id } }";

function withStep(step: Record<string, unknown>, inputs?: unknown): unknown {
  return {
    ...(inputs === undefined ? {} : { inputs }),
    steps: [{ id: "a", operation: OPERATION, ...step }],
  };
}

describe("parsePlaybook", () => {
  it("normalizes a minimal playbook with every default filled in", () => {
    expect(parsePlaybook({ steps: [{ id: "a", operation: OPERATION }] })).toEqual({
      inputs: {},
      steps: [
        {
          id: "a",
          operation: OPERATION,
          variables: {},
          dependsOn: [],
          concurrency: 1,
          timeoutSeconds: 30,
          retry: { maxAttempts: 1, backoffSeconds: 1 },
        },
      ],
    });
  });

  it("keeps what a full step declares", () => {
    const playbook = parsePlaybook(
      withStep(
        {
          variables: { first: 5 },
          dependsOn: ["b"],
          forEach: "{{ inputs.audience }}",
          concurrency: 10,
          timeoutSeconds: 3600,
          retry: { maxAttempts: 3, backoffSeconds: 2 },
        },
        { audience: { type: "[Recipient]", required: true, description: "who" } },
      ),
    );
    expect(playbook.steps[0]).toMatchObject({
      variables: { first: 5 },
      dependsOn: ["b"],
      forEach: "{{ inputs.audience }}",
      concurrency: 10,
      timeoutSeconds: 3600,
      retry: { maxAttempts: 3, backoffSeconds: 2 },
    });
    expect(playbook.inputs.audience).toEqual({
      type: "[Recipient]",
      parsedType: { base: "Recipient", list: true },
      required: true,
      description: "who",
    });
  });

  it("rejects what is not a playbook, with the field", () => {
    expect(errorOf(() => parsePlaybook([])).message).toBe(
      "a playbook must be a JSON object, got a list",
    );
    expect(errorOf(() => parsePlaybook({ steps: [] }))).toMatchObject({ field: "steps" });
    expect(errorOf(() => parsePlaybook({ steps: [], extra: 1 }))).toMatchObject({
      field: "extra",
      message: 'extra: unknown key "extra"; expected inputs, steps',
    });
    expect(errorOf(() => parsePlaybook({ steps: ["a"] }))).toMatchObject({
      field: "steps[0]",
      message: "steps[0]: expected an object, got a string",
    });
  });

  it("requires well-formed step ids", () => {
    for (const id of ["", "1st", "has-dash", "a.b", "x".repeat(65), 7]) {
      expect(errorOf(() => parsePlaybook({ steps: [{ id, operation: OPERATION }] }))).toMatchObject(
        {
          field: "steps[0].id",
          stepId: undefined,
        },
      );
    }
  });

  it("names the step and the key in step errors, and rejects unknown keys such as typos", () => {
    const error = errorOf(() => parsePlaybook(withStep({ dependOn: ["b"] })));
    expect(error).toMatchObject({ stepId: "a", field: "steps[0].dependOn" });
    expect(error.message).toMatch(/^step "a": dependOn: unknown key "dependOn"/);
    expect(errorOf(() => parsePlaybook(withStep({ operation: " " })))).toMatchObject({
      field: "steps[0].operation",
    });
    expect(errorOf(() => parsePlaybook(withStep({ variables: [] })))).toMatchObject({
      field: "steps[0].variables",
    });
    expect(errorOf(() => parsePlaybook(withStep({ dependsOn: "b" })))).toMatchObject({
      field: "steps[0].dependsOn",
    });
    expect(errorOf(() => parsePlaybook(withStep({ forEach: ["x"] })))).toMatchObject({
      field: "steps[0].forEach",
    });
  });

  it("enforces the limits", () => {
    const steps = Array.from({ length: 51 }, (_, index) => ({
      id: `s${index}`,
      operation: OPERATION,
    }));
    expect(errorOf(() => parsePlaybook({ steps })).message).toBe("steps: at most 50 steps, got 51");
    expect(() => parsePlaybook({ steps: steps.slice(0, 50) })).not.toThrow();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ forEach: "{{ inputs.a }}", concurrency: 0 }, "steps[0].concurrency"],
      [{ forEach: "{{ inputs.a }}", concurrency: 101 }, "steps[0].concurrency"],
      [{ forEach: "{{ inputs.a }}", concurrency: 2.5 }, "steps[0].concurrency"],
      [{ timeoutSeconds: 0 }, "steps[0].timeoutSeconds"],
      [{ timeoutSeconds: 3601 }, "steps[0].timeoutSeconds"],
      [{ retry: { maxAttempts: 0 } }, "steps[0].retry.maxAttempts"],
      [{ retry: { maxAttempts: 11 } }, "steps[0].retry.maxAttempts"],
      [{ retry: {} }, "steps[0].retry.maxAttempts"],
      [{ retry: { maxAttempts: 2, backoffSeconds: -1 } }, "steps[0].retry.backoffSeconds"],
      [{ retry: { maxAttempts: 2, backoffSeconds: 3601 } }, "steps[0].retry.backoffSeconds"],
      [{ operation: `query { ${"a ".repeat(10_000)} }` }, "steps[0].operation"],
    ];
    for (const [step, field] of cases) {
      expect(errorOf(() => parsePlaybook(withStep(step)))).toMatchObject({ stepId: "a", field });
    }
    expect(errorOf(() => parsePlaybook(withStep({ concurrency: 5 }))).message).toBe(
      'step "a": concurrency: only a step with forEach has a concurrency',
    );
    expect(
      parsePlaybook(withStep({ retry: { maxAttempts: 10, backoffSeconds: 0.5 } })).steps[0]?.retry,
    ).toEqual({
      maxAttempts: 10,
      backoffSeconds: 0.5,
    });
  });

  it("checks template syntax in variables and forEach, about the step", () => {
    const error = errorOf(() =>
      parsePlaybook(withStep({ variables: { input: { to: "{{ item.to" } } })),
    );
    expect(error).toMatchObject({ stepId: "a", field: "steps[0].variables.input.to" });
    expect(error.message).toBe(
      'step "a": variables.input.to: unterminated template: "{{" at character 0 has no "}}"',
    );
    expect(
      errorOf(() => parsePlaybook(withStep({ forEach: "{{ inputs.__proto__ }}" }))),
    ).toMatchObject({
      stepId: "a",
      field: "steps[0].forEach",
      message:
        'step "a": forEach: template "{{ inputs.__proto__ }}" uses the forbidden segment "__proto__"',
    });
  });

  it("accepts only JSON data in variables, with no __proto__ key", () => {
    const polluted: unknown = JSON.parse('{ "input": { "__proto__": { "admin": true } } }');
    expect(errorOf(() => parsePlaybook(withStep({ variables: polluted })))).toMatchObject({
      stepId: "a",
      field: "steps[0].variables.input",
      message: 'step "a": variables.input: the key "__proto__" is not allowed',
    });
    expect(errorOf(() => parsePlaybook(withStep({ variables: { n: Number.NaN } })))).toMatchObject({
      field: "steps[0].variables.n",
    });
    expect(errorOf(() => parsePlaybook(withStep({ variables: { d: new Date() } })))).toMatchObject({
      field: "steps[0].variables.d",
    });
  });

  it("parses input declarations: the supported types, requiredness and checked defaults", () => {
    const playbook = parsePlaybook(
      withStep(
        {},
        {
          text: { type: "String" },
          count: { type: "Int", default: 3 },
          ids: { type: "[ID]", default: [1, "b"] },
          data: { type: "JSON", default: { any: ["thing"] } },
          flags: { type: " [ Boolean ] " },
        },
      ),
    );
    expect(playbook.inputs.count).toMatchObject({ required: false, default: 3 });
    expect(playbook.inputs.ids?.default).toEqual(["1", "b"]);
    expect(playbook.inputs.flags?.parsedType).toEqual({ base: "Boolean", list: true });
    const bad: Array<[unknown, string]> = [
      [{ type: "Recipients" }, "inputs.x.type"],
      [{ type: "[[String]]" }, "inputs.x.type"],
      [{ type: "[String" }, "inputs.x.type"],
      [{ type: "String!" }, "inputs.x.type"],
      [{ type: "Int", default: "3" }, "inputs.x.default"],
      [{ type: "Int", required: true, default: 3 }, "inputs.x.default"],
      [{ type: "Int", required: "yes" }, "inputs.x.required"],
      [{ type: "Int", optional: true }, "inputs.x.optional"],
      ["String", "inputs.x"],
    ];
    for (const [declaration, field] of bad) {
      expect(errorOf(() => parsePlaybook(withStep({}, { x: declaration })))).toMatchObject({
        field,
      });
    }
    expect(
      errorOf(() => parsePlaybook(withStep({}, { "bad-name": { type: "String" } }))),
    ).toMatchObject({
      field: 'inputs["bad-name"]',
    });
  });
});
