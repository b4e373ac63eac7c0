import type { JWTPayload } from "jose";
import { isRole, type Viewer } from "./viewer.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidTokenError extends Error {}

/** Claims a Crosscast user token carries: `sub` is the user, `wid` the workspace, `role` the role. */
export function viewerFromClaims(payload: JWTPayload): Viewer {
  const { sub, wid, role } = payload as JWTPayload & { wid?: unknown; role?: unknown };
  if (typeof sub !== "string" || sub === "") {
    throw new InvalidTokenError("token has no subject");
  }
  if (typeof wid !== "string" || !UUID.test(wid)) {
    throw new InvalidTokenError("token has no workspace");
  }
  return { userId: sub, workspaceId: wid.toLowerCase(), role: isRole(role) ? role : "MEMBER" };
}
