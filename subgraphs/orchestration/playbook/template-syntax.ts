import { PlaybookError, childField } from "./playbook.errors.js";
import type { JsonValue } from "./playbook.types.js";

/**
 * Template syntax: `{{ path }}`, where a path is dot-separated segments, each a name
 * (`[A-Za-z_][A-Za-z0-9_]*`) or a list index (`0`, `12`), starting at one of the roots below.
 * There are no expressions, calls, filters or escapes: `{{` always opens a template.
 */
export const TEMPLATE_ROOTS = [
  "inputs",
  "steps",
  "item",
  "itemIndex",
  "execution",
  "idempotencyKey",
] as const;
export type TemplateRoot = (typeof TEMPLATE_ROOTS)[number];

export interface TemplateRef {
  root: TemplateRoot;
  /** Every segment, the root first: `["steps", "find", "output", "messages", "0"]`. */
  path: string[];
  /** The path as written, trimmed: `steps.find.output.messages.0`. */
  text: string;
}

/** A template string cut into literal text and references, in order. */
export type TemplatePart = string | TemplateRef;

/** A reference found in a value, where it was found, and whether it is the whole string. */
export interface FoundRef {
  ref: TemplateRef;
  field: string;
  whole: boolean;
}

const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_]*|0|[1-9][0-9]{0,8})$/;
/** Never looked up, even as own keys: no template can reach an object's prototype machinery. */
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "prototype", "constructor"]);
const MAX_SEGMENTS = 32;
const MAX_TEMPLATES_PER_STRING = 100;

function isRoot(name: string): name is TemplateRoot {
  return (TEMPLATE_ROOTS as readonly string[]).includes(name);
}

function syntaxError(field: string, message: string): PlaybookError {
  return new PlaybookError(field ? `${field}: ${message}` : message, { field });
}

function parsePath(inner: string, field: string): TemplateRef {
  const text = inner.trim();
  const shown = `template "{{ ${text} }}"`;
  if (text === "") {
    throw syntaxError(field, "empty template {{ }}");
  }
  const path = text.split(".");
  if (path.length > MAX_SEGMENTS) {
    throw syntaxError(field, `${shown} has more than ${MAX_SEGMENTS} segments`);
  }
  for (const segment of path) {
    if (FORBIDDEN_SEGMENTS.has(segment)) {
      throw syntaxError(field, `${shown} uses the forbidden segment "${segment}"`);
    }
    if (!SEGMENT.test(segment)) {
      throw syntaxError(
        field,
        `${shown} is not a path: use names and list indexes joined by dots, nothing else`,
      );
    }
  }
  const root = path[0] ?? "";
  if (!isRoot(root)) {
    throw syntaxError(
      field,
      `${shown} starts with "${root}"; a path starts with ${TEMPLATE_ROOTS.join(", ")}`,
    );
  }
  return { root, path, text };
}

/** Cuts a string into literal text and `{{ path }}` references; throws on malformed templates. */
export function parseTemplate(text: string, field = ""): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf("{{", position);
    if (open === -1) {
      parts.push(text.slice(position));
      break;
    }
    const close = text.indexOf("}}", open + 2);
    if (close === -1) {
      throw syntaxError(field, `unterminated template: "{{" at character ${open} has no "}}"`);
    }
    const inner = text.slice(open + 2, close);
    if (inner.includes("{{")) {
      throw syntaxError(field, `templates cannot nest: "{{" inside "{{ … }}"`);
    }
    if (open > position) {
      parts.push(text.slice(position, open));
    }
    parts.push(parsePath(inner, field));
    if (parts.length > MAX_TEMPLATES_PER_STRING * 2) {
      throw syntaxError(field, `more than ${MAX_TEMPLATES_PER_STRING} templates in one string`);
    }
    position = close + 2;
  }
  return parts;
}

/** The one reference when the string is exactly one template (its JSON type is kept). */
export function wholeRef(parts: readonly TemplatePart[]): TemplateRef | null {
  const [only] = parts;
  return parts.length === 1 && only !== undefined && typeof only !== "string" ? only : null;
}

/** Every reference in a JSON value's strings (object keys are never templates). */
export function collectRefs(value: JsonValue, field: string, found: FoundRef[] = []): FoundRef[] {
  if (typeof value === "string") {
    const parts = parseTemplate(value, field);
    const whole = wholeRef(parts) !== null;
    for (const part of parts) {
      if (typeof part !== "string") {
        found.push({ ref: part, field, whole });
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collectRefs(item, childField(field, index), found));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      collectRefs(item, childField(field, key), found);
    }
  }
  return found;
}
