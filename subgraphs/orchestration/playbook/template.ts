import { PlaybookError, childField } from "./playbook.errors.js";
import { isPlainObject } from "./json-value.js";
import { parseTemplate, wholeRef, type TemplateRef } from "./template-syntax.js";
import {
  PLAYBOOK_LIMITS,
  type ExecutionModeName,
  type JsonObject,
  type JsonValue,
} from "./playbook.types.js";

export { TEMPLATE_ROOTS, collectRefs, parseTemplate, wholeRef } from "./template-syntax.js";
export type { FoundRef, TemplatePart, TemplateRef, TemplateRoot } from "./template-syntax.js";

/** What a finished step left for later steps. */
export interface StepResult {
  /** The GraphQL `data` of a step without `forEach`. */
  output?: JsonValue;
  /** For a fan-out step: each item's `data`, in item order. */
  outputs?: JsonValue[];
}

/** Everything a template may read while the engine renders one step (or one item of it). */
export interface TemplateScope {
  inputs: JsonObject;
  steps: Record<string, StepResult>;
  /** Only in a fan-out step: the current item and its index. */
  item?: JsonValue;
  itemIndex?: number;
  execution: { id: string; mode: ExecutionModeName };
  /** The engine's key for this (execution, step, item). */
  idempotencyKey?: string;
}

export interface RenderOptions {
  /** Where the value sits, for error fields: `steps[2].variables`. */
  field?: string;
  /** The step being rendered, for error messages. */
  stepId?: string;
  /** Characters the rendered strings and whole-template values may add up to. */
  maxLength?: number;
}

interface Budget {
  remaining: number;
  readonly max: number;
}

function failure(options: RenderOptions, field: string, message: string): PlaybookError {
  const { stepId } = options;
  return new PlaybookError(stepId === undefined ? message : `step "${stepId}": ${message}`, {
    field,
    ...(stepId === undefined ? {} : { stepId }),
  });
}

/** Own properties of plain objects and in-range indexes of lists; nothing else is reachable. */
function child(container: unknown, segment: string): unknown {
  if (Array.isArray(container)) {
    const index = /^[0-9]+$/.test(segment) ? Number(segment) : -1;
    return index >= 0 && index < container.length ? (container[index] as unknown) : undefined;
  }
  if (isPlainObject(container) && Object.hasOwn(container, segment)) {
    return container[segment];
  }
  return undefined;
}

/** The value a reference names in a scope; a PlaybookError naming the path when there is none. */
export function resolveRef(
  scope: TemplateScope,
  ref: TemplateRef,
  options: RenderOptions = {},
): unknown {
  const roots: Record<string, unknown> = {
    inputs: scope.inputs,
    steps: scope.steps,
    item: scope.item,
    itemIndex: scope.itemIndex,
    execution: scope.execution,
    idempotencyKey: scope.idempotencyKey,
  };
  let current: unknown = roots[ref.root];
  for (let depth = 1; current !== undefined && depth < ref.path.length; depth += 1) {
    const next = child(current, ref.path[depth] ?? "");
    if (next === undefined) {
      const parent = ref.path.slice(0, depth).join(".");
      throw failure(
        options,
        options.field ?? "",
        `template path "${ref.text}" is missing: "${parent}" has no "${ref.path[depth]}"`,
      );
    }
    current = next;
  }
  if (current === undefined) {
    throw failure(options, options.field ?? "", `template path "${ref.text}" is not defined here`);
  }
  return current;
}

function spend(budget: Budget, length: number, options: RenderOptions, field: string): void {
  budget.remaining -= length;
  if (budget.remaining < 0) {
    throw failure(options, field, `rendered value exceeds ${budget.max} characters`);
  }
}

/** How a value reads inside a longer string: text as is, null as nothing, the rest as JSON. */
function asText(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (value === null) {
    return "";
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function renderString(
  text: string,
  scope: TemplateScope,
  options: RenderOptions,
  budget: Budget,
): JsonValue {
  const field = options.field ?? "";
  const parts = parseTemplate(text, field);
  const whole = wholeRef(parts);
  if (whole) {
    // Exactly one template: the value keeps its JSON type (a copy, so nothing is shared).
    const json = JSON.stringify(resolveRef(scope, whole, options));
    spend(budget, json.length, options, field);
    // JSON.parse gives plain data; a "__proto__" key in it stays an own key, never a prototype.
    const copy: JsonValue = JSON.parse(json);
    return copy;
  }
  let rendered = "";
  for (const part of parts) {
    const piece = typeof part === "string" ? part : asText(resolveRef(scope, part, options));
    spend(budget, piece.length, options, field);
    rendered += piece;
  }
  return rendered;
}

function renderInner(
  value: JsonValue,
  scope: TemplateScope,
  options: RenderOptions,
  budget: Budget,
): JsonValue {
  const field = options.field ?? "";
  if (typeof value === "string") {
    return renderString(value, scope, options, budget);
  }
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      renderInner(item, scope, { ...options, field: childField(field, index) }, budget),
    );
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        renderInner(item, scope, { ...options, field: childField(field, key) }, budget),
      ]),
    );
  }
  return value;
}

/**
 * Renders every template in a value (a step's variables). Rendering is one pass: text that a
 * template produces is never read as a template again. Object keys are never templates.
 */
export function renderValue(
  value: JsonValue,
  scope: TemplateScope,
  options: RenderOptions = {},
): JsonValue {
  const max = options.maxLength ?? PLAYBOOK_LIMITS.maxRenderedLength;
  return renderInner(value, scope, options, { remaining: max, max });
}

/** The items a fan-out step runs over: its `forEach` rendered, which must give a list. */
export function renderForEach(
  forEach: string,
  scope: TemplateScope,
  options: RenderOptions = {},
): JsonValue[] {
  const field = options.field ?? "";
  const items = renderValue(forEach, scope, options);
  if (!Array.isArray(items)) {
    throw failure(options, field, `forEach ${forEach} did not give a list`);
  }
  if (items.length > PLAYBOOK_LIMITS.maxForEachItems) {
    throw failure(
      options,
      field,
      `forEach ${forEach} gave ${items.length} items; at most ${PLAYBOOK_LIMITS.maxForEachItems}`,
    );
  }
  return items;
}
