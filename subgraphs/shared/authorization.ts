import { canWrite, type Viewer } from "../../platform/auth/viewer.js";
import { ForbiddenError } from "./errors.js";

export function requireWriter(viewer: Viewer): void {
  if (!canWrite(viewer)) {
    throw new ForbiddenError("Your role in this workspace is read-only");
  }
}
