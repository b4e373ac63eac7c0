/**
 * The one error playbook code throws: at save time (parse, validation), at start time (inputs)
 * and at run time (templates). A plain Error, so this folder stays free of GraphQL error types;
 * the API maps it to `BAD_USER_INPUT` with `extensions.field`.
 */
export class PlaybookError extends Error {
  /** The step the problem is about, when there is one. */
  readonly stepId: string | undefined;
  /** Where in the playbook (or the inputs), such as `steps[2].variables.input.to`. */
  readonly field: string | undefined;

  constructor(message: string, where: { stepId?: string; field?: string } = {}) {
    super(message);
    this.name = "PlaybookError";
    this.stepId = where.stepId;
    this.field = where.field;
  }
}

/** An error about one step, its message prefixed with the step's id: `step "send": …`. */
export function stepError(stepId: string, field: string, message: string): PlaybookError {
  return new PlaybookError(`step "${stepId}": ${message}`, { stepId, field });
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Extends a field path: `a` + `b` → `a.b`, `a` + 2 → `a[2]`, `a` + `x-y` → `a["x-y"]`. */
export function childField(field: string, key: string | number): string {
  if (typeof key === "number") {
    return `${field}[${key}]`;
  }
  if (!IDENTIFIER.test(key)) {
    return `${field}[${JSON.stringify(key)}]`;
  }
  return field ? `${field}.${key}` : key;
}

/** `a String`, `an Int`: a type name with its article, for messages. */
export function aType(name: string): string {
  return `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`;
}

/** The message without the field path it starts with, for errors that carry the path apart. */
export function reasonOf(error: PlaybookError): string {
  const prefix = error.field ? `${error.field}: ` : "";
  return prefix && error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
}
