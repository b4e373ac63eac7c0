import type { GraphQLSchema } from "graphql";
import { aType, stepError, type PlaybookError } from "./playbook.errors.js";
import { transitiveDependencies } from "./dag.js";
import { selectKey, type Shape } from "./output-shape.js";
import { collectRefs, parseTemplate, wholeRef, type TemplateRef } from "./template-syntax.js";
import type { CheckedOperation } from "./operation-check.js";
import type { InputType, Playbook, PlaybookStep } from "./playbook.types.js";

export interface ReferenceContext {
  playbook: Playbook;
  schema: GraphQLSchema;
  /** Every step's checked operation, by step id. */
  operations: ReadonlyMap<string, CheckedOperation>;
}

/** What the references of one step may read. */
interface StepEnvironment extends ReferenceContext {
  step: PlaybookStep;
  field: string;
  dependencies: ReadonlySet<string>;
  /** The shape of `item`, in a step with forEach once forEach is known. */
  item?: Shape;
}

const LEAF_STRING: Shape = { kind: "leaf", name: "String" };

function inputShape(type: InputType): Shape {
  const bases: Record<InputType["base"], Shape> = {
    String: LEAF_STRING,
    ID: { kind: "leaf", name: "ID" },
    Int: { kind: "leaf", name: "Int" },
    Float: { kind: "leaf", name: "Float" },
    Boolean: { kind: "leaf", name: "Boolean" },
    Recipient: { kind: "record", of: LEAF_STRING },
    JSON: { kind: "any" },
  };
  return type.list ? { kind: "list", of: bases[type.base] } : bases[type.base];
}

function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case "any":
      return "JSON (not known to be a list)";
    case "leaf":
      return aType(shape.name);
    case "list":
      return "a list";
    case "record":
      return "an object";
    case "selection":
      return `an object (${shape.parent.name})`;
  }
}

function fail(env: StepEnvironment, ref: TemplateRef, message: string): PlaybookError {
  return stepError(env.step.id, env.field, `template "{{ ${ref.text} }}": ${message}`);
}

/** Follows the path's segments from `from` on through a known shape. */
function walk(env: StepEnvironment, ref: TemplateRef, shape: Shape, from: number): Shape {
  let current = shape;
  for (let index = from; index < ref.path.length; index += 1) {
    const segment = ref.path[index] ?? "";
    const prefix = ref.path.slice(0, index).join(".");
    if (current.kind === "any") {
      return current;
    } else if (current.kind === "leaf") {
      throw fail(env, ref, `${prefix} is ${describeShape(current)}; it has no "${segment}"`);
    } else if (current.kind === "list") {
      if (!/^[0-9]+$/.test(segment)) {
        throw fail(env, ref, `${prefix} is a list; read an item by index (${prefix}.0)`);
      }
      current = current.of;
    } else if (current.kind === "record") {
      current = current.of;
    } else {
      const next = selectKey(current, segment);
      if (!next) {
        throw fail(env, ref, `the operation selects no "${segment}" in ${prefix}`);
      }
      current = next;
    }
  }
  return current;
}

function stepShape(env: StepEnvironment, ref: TemplateRef): Shape {
  const [, id, output] = ref.path;
  const source = env.playbook.steps.find(step => step.id === id);
  const checked = id === undefined ? undefined : env.operations.get(id);
  if (id === undefined || !source || !checked) {
    throw fail(env, ref, id === undefined ? "name a step: steps.<id>.output" : `no step "${id}"`);
  }
  if (!env.dependencies.has(id)) {
    throw fail(
      env,
      ref,
      `step "${id}" is not a dependency of "${env.step.id}"; add it to dependsOn`,
    );
  }
  const expected = source.forEach === undefined ? "output" : "outputs";
  if (output !== expected) {
    const why = source.forEach === undefined ? "has no forEach" : "fans out (one output per item)";
    throw fail(env, ref, `step "${id}" ${why}: read steps.${id}.${expected}`);
  }
  const { operation, fragments } = checked;
  const root =
    operation.operation === "mutation" ? env.schema.getMutationType() : env.schema.getQueryType();
  if (!root) {
    throw fail(env, ref, `the schema has no ${operation.operation} type`);
  }
  const data: Shape = {
    kind: "selection",
    schema: env.schema,
    parent: root,
    selectionSets: [operation.selectionSet],
    fragments,
  };
  return walk(env, ref, expected === "output" ? data : { kind: "list", of: data }, 3);
}

/** The shape a reference reads, or a PlaybookError saying why it cannot resolve. */
function referenceShape(env: StepEnvironment, ref: TemplateRef): Shape {
  switch (ref.root) {
    case "inputs": {
      const name = ref.path[1];
      const declaration =
        name !== undefined && Object.hasOwn(env.playbook.inputs, name)
          ? env.playbook.inputs[name]
          : undefined;
      if (!declaration) {
        throw fail(env, ref, name ? `input "${name}" is not declared in inputs` : "name an input");
      }
      return walk(env, ref, inputShape(declaration.parsedType), 2);
    }
    case "steps":
      return stepShape(env, ref);
    case "item":
    case "itemIndex":
      if (!env.item) {
        throw fail(env, ref, `${ref.root} is only defined in a step with forEach`);
      }
      return walk(env, ref, ref.root === "item" ? env.item : { kind: "leaf", name: "Int" }, 1);
    case "execution":
      if (ref.path.length !== 2 || (ref.path[1] !== "id" && ref.path[1] !== "mode")) {
        throw fail(env, ref, "execution has exactly id and mode");
      }
      return { kind: "leaf", name: ref.path[1] === "id" ? "ID" : "ExecutionMode" };
    case "idempotencyKey":
      return walk(env, ref, LEAF_STRING, 1);
  }
}

function forEachItemShape(env: StepEnvironment, forEach: string): Shape {
  const ref = wholeRef(parseTemplate(forEach, env.field));
  if (!ref || (ref.root !== "inputs" && ref.root !== "steps")) {
    throw stepError(
      env.step.id,
      env.field,
      'forEach must be exactly one template naming a list input or a dependency\'s output, such as "{{ inputs.audience }}"',
    );
  }
  const shape = referenceShape(env, ref);
  if (shape.kind !== "list") {
    throw fail(env, ref, `forEach needs a list, and this is ${describeShape(shape)}`);
  }
  return shape.of;
}

/**
 * Checks, before any run, that every template of a step resolves: inputs are declared, steps
 * are dependencies (direct or transitive) and read where their operation selects, item and
 * itemIndex appear only in fan-out steps, and forEach names a list.
 */
export function checkStepReferences(
  step: PlaybookStep,
  index: number,
  context: ReferenceContext,
): void {
  const dependencies = transitiveDependencies(context.playbook, step.id);
  const env: StepEnvironment = { ...context, step, dependencies, field: `steps[${index}].forEach` };
  if (step.forEach !== undefined) {
    env.item = forEachItemShape(env, step.forEach);
  }
  for (const found of collectRefs(step.variables, `steps[${index}].variables`)) {
    referenceShape({ ...env, field: found.field }, found.ref);
  }
}
