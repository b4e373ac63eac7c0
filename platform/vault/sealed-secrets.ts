import type { Vault } from "./vault.js";

/** A connection's secrets as the vault seals them: one JSON object of names to values. */
export type Secrets = Record<string, string>;

/** The row a sealed secret belongs to: its ciphertext only opens for this workspace and id. */
export interface SecretOwnerRow {
  id: string;
  workspace: string;
}

export function sealSecrets(vault: Vault, row: SecretOwnerRow, secrets: Secrets): string {
  return vault.encrypt(JSON.stringify(secrets), { workspaceId: row.workspace, ownerId: row.id });
}

export function openSecrets(
  vault: Vault,
  row: SecretOwnerRow & { secrets?: string | null },
): Secrets {
  if (!row.secrets) {
    return {};
  }
  const parsed: unknown = JSON.parse(
    vault.decrypt(row.secrets, { workspaceId: row.workspace, ownerId: row.id }),
  );
  const secrets: Secrets = {};
  if (parsed && typeof parsed === "object") {
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "string") {
        secrets[key] = value;
      }
    }
  }
  return secrets;
}
