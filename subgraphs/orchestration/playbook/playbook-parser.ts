import { PlaybookError, childField, stepError } from "./playbook.errors.js";
import {
  describeJson,
  integerIn,
  isPlainObject,
  objectWithKeys,
  plainFail,
  toJsonObject,
  type Fail,
} from "./json-value.js";
import { parseInputDeclarations } from "./input-declarations.js";
import { collectRefs, parseTemplate } from "./template-syntax.js";
import {
  NAME_PATTERN,
  PLAYBOOK_LIMITS as LIMITS,
  type Playbook,
  type PlaybookStep,
  type RetryPolicy,
} from "./playbook.types.js";

function parseRetry(value: unknown, field: string, fail: Fail): RetryPolicy {
  if (value === undefined) {
    return { maxAttempts: 1, backoffSeconds: LIMITS.defaultBackoffSeconds };
  }
  const raw = objectWithKeys(value, field, ["maxAttempts", "backoffSeconds"], fail);
  const backoff = raw.backoffSeconds ?? LIMITS.defaultBackoffSeconds;
  if (typeof backoff !== "number" || !(backoff >= 0 && backoff <= LIMITS.maxBackoffSeconds)) {
    throw fail(
      childField(field, "backoffSeconds"),
      `must be a number from 0 to ${LIMITS.maxBackoffSeconds}, got ${JSON.stringify(backoff)}`,
    );
  }
  const attemptsField = childField(field, "maxAttempts");
  return {
    maxAttempts: integerIn(
      raw.maxAttempts,
      attemptsField,
      LIMITS.minAttempts,
      LIMITS.maxAttempts,
      fail,
    ),
    backoffSeconds: backoff,
  };
}

const STEP_KEYS = [
  "id",
  "operation",
  "variables",
  "dependsOn",
  "forEach",
  "concurrency",
  "timeoutSeconds",
  "retry",
];

/**
 * Runs checks whose errors name only a field (JSON data, template syntax) and reports them as
 * about the step: `step "send": variables.input.to: unterminated template …`.
 */
function aboutStep<T>(fail: Fail, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof PlaybookError && error.stepId === undefined && error.field) {
      const prefix = `${error.field}: `;
      const { message, field } = error;
      throw fail(field, message.startsWith(prefix) ? message.slice(prefix.length) : message);
    }
    throw error;
  }
}

function parseStep(value: unknown, index: number): PlaybookStep {
  const base = `steps[${index}]`;
  if (!isPlainObject(value)) {
    throw plainFail(base, `expected an object, got ${describeJson(value)}`);
  }
  const raw = value;
  if (typeof raw.id !== "string" || !NAME_PATTERN.test(raw.id)) {
    throw new PlaybookError(
      `${base}: id must be a string matching ${NAME_PATTERN.source}, got ${JSON.stringify(raw.id)}`,
      { field: `${base}.id` },
    );
  }
  const id = raw.id;
  // Messages name the key within the step: `step "send": retry.maxAttempts: must be …`.
  const fail: Fail = (field, message) =>
    stepError(id, field, `${field.slice(base.length + 1)}: ${message}`);
  const at = (key: string): string => childField(base, key);
  objectWithKeys(raw, base, STEP_KEYS, fail);
  if (typeof raw.operation !== "string" || raw.operation.trim() === "") {
    throw fail(at("operation"), "must be a GraphQL query or mutation document");
  }
  if (raw.operation.length > LIMITS.maxOperationLength) {
    throw fail(at("operation"), `longer than ${LIMITS.maxOperationLength} characters`);
  }
  if (raw.variables !== undefined && !isPlainObject(raw.variables)) {
    throw fail(at("variables"), `expected an object, got ${describeJson(raw.variables)}`);
  }
  const dependsOn = raw.dependsOn ?? [];
  if (!Array.isArray(dependsOn) || !dependsOn.every(name => typeof name === "string")) {
    throw fail(at("dependsOn"), "must be a list of step ids");
  }
  if (raw.forEach !== undefined && typeof raw.forEach !== "string") {
    throw fail(
      at("forEach"),
      'must be one template naming a list, such as "{{ inputs.audience }}"',
    );
  }
  if (raw.concurrency !== undefined && raw.forEach === undefined) {
    throw fail(at("concurrency"), "only a step with forEach has a concurrency");
  }
  const { minConcurrency, maxConcurrency, minTimeoutSeconds, maxTimeoutSeconds } = LIMITS;
  const rawVariables = raw.variables ?? {};
  const forEach = raw.forEach;
  // Template syntax is checked here, so a parsed playbook's templates always parse.
  const variables = aboutStep(fail, () => {
    const json = toJsonObject(rawVariables, at("variables"));
    collectRefs(json, at("variables"));
    parseTemplate(forEach ?? "", at("forEach"));
    return json;
  });
  return {
    id,
    operation: raw.operation,
    variables,
    dependsOn: [...dependsOn],
    ...(raw.forEach === undefined ? {} : { forEach: raw.forEach }),
    concurrency: integerIn(
      raw.concurrency ?? 1,
      at("concurrency"),
      minConcurrency,
      maxConcurrency,
      fail,
    ),
    timeoutSeconds: integerIn(
      raw.timeoutSeconds ?? LIMITS.defaultTimeoutSeconds,
      at("timeoutSeconds"),
      minTimeoutSeconds,
      maxTimeoutSeconds,
      fail,
    ),
    retry: parseRetry(raw.retry, at("retry"), fail),
  };
}

/**
 * Checks that a JSON value has the playbook format and returns it normalized, defaults filled in
 * (`variables` {}, `dependsOn` [], `concurrency` 1, `timeoutSeconds` 30, `retry`
 * { maxAttempts: 1, backoffSeconds: 1 }, `required` false). Unknown keys are errors. This checks
 * shape only; `validatePlaybook` checks the graph, the operations and the templates.
 */
export function parsePlaybook(json: unknown): Playbook {
  if (!isPlainObject(json)) {
    throw new PlaybookError(`a playbook must be a JSON object, got ${describeJson(json)}`);
  }
  const raw = objectWithKeys(json, "", ["inputs", "steps"], plainFail);
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) {
    throw plainFail("steps", "must be a non-empty list of steps");
  }
  if (raw.steps.length > LIMITS.maxSteps) {
    throw plainFail("steps", `at most ${LIMITS.maxSteps} steps, got ${raw.steps.length}`);
  }
  return {
    inputs: parseInputDeclarations(raw.inputs),
    steps: raw.steps.map((step: unknown, index) => parseStep(step, index)),
  };
}
