/**
 * The playbook model: a DAG of steps, each one GraphQL operation against the composed supergraph.
 * These are the normalized types `parsePlaybook` returns (defaults filled in); the JSON format is
 * described in the parser. Pure types and constants: no GraphQL, no database.
 */

/** Any value JSON can hold: what playbooks, inputs, variables and step outputs are made of. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/**
 * The input type names a playbook may declare, written as in GraphQL:
 * - `String`, `ID`, `Int` (32-bit integer), `Float` (finite number), `Boolean`;
 * - `Recipient`: an object whose every field is a string, such as `{ "to": "+1…", "name": "Ann" }`;
 * - `JSON`: any JSON value (templates may read any path in it; checked only at run time);
 * - `[T]` for any of the above: a list whose items are never null (one level of list only).
 */
export const INPUT_BASE_TYPES = ["String", "ID", "Int", "Float", "Boolean", "Recipient", "JSON"];
export type InputBaseType = "String" | "ID" | "Int" | "Float" | "Boolean" | "Recipient" | "JSON";

export interface InputType {
  base: InputBaseType;
  list: boolean;
}

export interface InputDeclaration {
  /** The type as written (`"[Recipient]"`) and parsed. */
  type: string;
  parsedType: InputType;
  /** Whether a run must provide it (a non-null value). Never true together with a default. */
  required: boolean;
  /** Used when a run leaves the input out; already checked against the type. */
  default?: JsonValue;
  description?: string;
}

export interface RetryPolicy {
  /** Attempts in all, the first included: 1 means no retry. */
  maxAttempts: number;
  /** Delay before each retry, in seconds. */
  backoffSeconds: number;
}

export interface PlaybookStep {
  id: string;
  /** One GraphQL query or mutation document (fragments allowed); never templated. */
  operation: string;
  /** The operation's variables; string values may hold `{{ path }}` templates. */
  variables: JsonObject;
  dependsOn: string[];
  /** One `{{ path }}` template naming a list: the step runs once per item. */
  forEach?: string;
  /** Items run at the same time (fan-out steps only; 1 when not given). */
  concurrency: number;
  timeoutSeconds: number;
  retry: RetryPolicy;
}

export interface Playbook {
  inputs: Record<string, InputDeclaration>;
  steps: PlaybookStep[];
}

/** What the engine records per step; `readySteps` only needs to know which have started. */
export type StepStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "SKIPPED" | "CANCELLED";

export type ExecutionModeName = "LIVE" | "DRY_RUN";

export const PLAYBOOK_LIMITS = {
  maxSteps: 50,
  maxInputs: 50,
  minConcurrency: 1,
  maxConcurrency: 100,
  minTimeoutSeconds: 1,
  maxTimeoutSeconds: 3600,
  defaultTimeoutSeconds: 30,
  minAttempts: 1,
  maxAttempts: 10,
  maxBackoffSeconds: 3600,
  defaultBackoffSeconds: 1,
  /** Characters in one step's operation text. */
  maxOperationLength: 20_000,
  /** Nesting of a step's variables or an input's default. */
  maxValueDepth: 32,
  /** Items a fan-out step may run over in one execution. */
  maxForEachItems: 10_000,
  /** Characters of one rendered variables value (see `renderValue`). */
  maxRenderedLength: 1_000_000,
} as const;

/** Step ids and input names: `[A-Za-z][A-Za-z0-9_]*`, at most 64 characters. */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
