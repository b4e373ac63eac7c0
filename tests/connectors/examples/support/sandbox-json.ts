import { isRecord, type JsonRecord } from "../../../../connectors/kit/json.js";
import type { SandboxRequest } from "../../../../connectors/sandbox/sandbox.js";

/** A request's JSON body as an object: `{}` when it is not JSON or not an object. */
export function jsonOf(request: SandboxRequest): JsonRecord {
  try {
    const value: unknown = JSON.parse(request.rawBody.toString("utf8"));
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}
