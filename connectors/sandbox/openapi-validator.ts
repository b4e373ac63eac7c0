import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * Validates requests that reach a sandbox against the provider's official OpenAPI document
 * (copied under connectors/specs/ with its license): the operation must exist, the content type
 * must be one the operation accepts, and the body must match the operation's schema. Form bodies
 * are read the way the provider reads them (repeated keys make arrays, numbers from text).
 */
export interface OpenApiIssue {
  field: string;
  message: string;
}

interface Operation {
  requestBody?: {
    $ref?: string;
    required?: boolean;
    content?: Record<string, { schema?: unknown }>;
  };
}

type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { requestBodies?: Record<string, Operation["requestBody"]> };
};

const SPEC_ID = "spec";

function pointer(...parts: string[]): string {
  return parts.map(part => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
}

export function loadSpec(file: URL): Document {
  return JSON.parse(readFileSync(file, "utf8")) as Document;
}

export class OpenApiValidator {
  private readonly json: Ajv;
  private readonly form: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly document: Document) {
    const draft2020 = document.openapi.startsWith("3.1");
    const make = (coerce: boolean) => {
      const options = {
        strict: false,
        logger: false as const,
        allErrors: true,
        validateSchema: false,
        coerceTypes: coerce ? ("array" as const) : false,
      };
      const ajv = draft2020 ? new Ajv2020(options) : new Ajv(options);
      (addFormats as unknown as (ajv: Ajv) => void)(ajv);
      // Twilio's "phone-number" also covers channel addresses (whatsapp:+1...), so any text.
      ajv.addFormat("phone-number", true);
      ajv.addFormat("http-method", /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i);
      ajv.addSchema(document as object, SPEC_ID);
      return ajv;
    };
    this.json = make(false);
    this.form = make(true);
  }

  private requestBody(method: string, pathTemplate: string) {
    const operation = this.document.paths[pathTemplate]?.[method.toLowerCase()];
    if (!operation) {
      throw new Error(`the spec has no ${method} ${pathTemplate}`);
    }
    let body = operation.requestBody;
    let location = ["paths", pathTemplate, method.toLowerCase(), "requestBody"];
    if (body?.$ref) {
      const name = body.$ref.split("/").at(-1)!;
      body = this.document.components?.requestBodies?.[name];
      location = ["components", "requestBodies", name];
    }
    return { body, location };
  }

  /** Problems with a request body for `method pathTemplate`; empty when it is valid. */
  validate(
    method: string,
    pathTemplate: string,
    contentType: string | undefined,
    rawBody: Buffer,
  ): OpenApiIssue[] {
    const { body, location } = this.requestBody(method, pathTemplate);
    if (!body?.content) {
      return [];
    }
    const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const media = body.content[mediaType];
    if (!media) {
      return [
        {
          field: "content-type",
          message: `expected ${Object.keys(body.content).join(" or ")}, got ${mediaType || "none"}`,
        },
      ];
    }
    const text = rawBody.toString("utf8");
    if (text === "") {
      return body.required ? [{ field: "body", message: "a request body is required" }] : [];
    }
    let value: unknown;
    const isForm = mediaType === "application/x-www-form-urlencoded";
    if (isForm) {
      const params = new URLSearchParams(text);
      const object: Record<string, string | string[]> = {};
      for (const key of new Set(params.keys())) {
        const all = params.getAll(key);
        object[key] = all.length > 1 ? all : all[0]!;
      }
      value = object;
    } else {
      try {
        value = JSON.parse(text);
      } catch {
        return [{ field: "body", message: "is not valid JSON" }];
      }
    }
    const ref = `${SPEC_ID}#/${pointer(...location, "content", mediaType, "schema")}`;
    const ajv = isForm ? this.form : this.json;
    const key = `${isForm}:${ref}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      this.cache.set(key, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map(describe);
  }
}

function describe(error: ErrorObject): OpenApiIssue {
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  const path = error.instancePath.replace(/^\//, "").replaceAll("/", ".");
  const field = [path, missing].filter(Boolean).join(".") || "body";
  return { field, message: error.message ?? "is invalid" };
}
