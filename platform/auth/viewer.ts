/** Who is calling: derived by the gateway from the user's token, verified again by subgraphs. */
export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  userId: string;
  workspaceId: string;
  role: Role;
  /** Set for an execution's DRY_RUN calls: providers are replaced by their sandboxes. */
  dryRun?: boolean;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Roles that may change a workspace's data. */
export function canWrite(viewer: Viewer): boolean {
  return viewer.role !== "VIEWER";
}
