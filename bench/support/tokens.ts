import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { INTERNAL_HEADER, signInternalToken } from "../../platform/auth/internal-token.js";
import { mintUserToken } from "../../platform/auth/user-token.js";

/** A file of `count` distinct user tokens (a different user each), one per line. */
export async function userTokensFile(
  dir: string,
  jwtSecret: string,
  workspaceId: string,
  count: number,
) {
  const tokens = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      mintUserToken(jwtSecret, {
        userId: `bench-user-${i}-${randomUUID()}`,
        workspaceId,
        role: "OWNER",
        expiresIn: "2h",
      }),
    ),
  );
  const file = join(dir, `user-tokens-${workspaceId}.txt`);
  await writeFile(file, tokens.join("\n"));
  return file;
}

/** A file of `count` distinct gateway assertions, for calling a subgraph directly (valid 60 s). */
export async function internalTokensFile(
  dir: string,
  internalSecret: string,
  workspaceId: string,
  count: number,
) {
  const viewer = { userId: "bench-direct", workspaceId, role: "OWNER" as const };
  const tokens = Array.from({ length: count }, (_, i) =>
    signInternalToken(internalSecret, { viewer, requestId: `direct-${i}-${randomUUID()}` }),
  );
  const file = join(dir, `internal-tokens-${Date.now()}.txt`);
  await writeFile(file, tokens.join("\n"));
  return { file, header: INTERNAL_HEADER };
}
