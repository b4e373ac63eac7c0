import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Connection, OAuthState, VaultKeyCheck } from "../../orm/entities/index.js";
import { type Vault, VaultError } from "../../platform/vault/vault.js";

const CHECK_PLAINTEXT = "crosscast vault key check";
const CHECK_OWNER = { workspaceId: "crosscast", ownerId: "vault-key-check" };

/**
 * Refuses to run with a wrong key: every configured key that sealed data before must open its
 * check value, and every key id found on stored secrets must be configured. Records a check for
 * the active key the first time it is used.
 */
export async function verifyVaultKeys(em: EntityManager, vault: Vault): Promise<void> {
  const checks = await em.find(VaultKeyCheck, {});
  for (const check of checks) {
    if (!vault.hasKey(check.kid)) {
      continue;
    }
    try {
      if (vault.decrypt(check.ciphertext, CHECK_OWNER) !== CHECK_PLAINTEXT) {
        throw new VaultError("mismatch");
      }
    } catch {
      throw new VaultError(
        `vault key "${check.kid}" is not the key this database's secrets were sealed with`,
      );
    }
  }
  const used = await em.getConnection().execute<Array<{ kid: string }>>(
    `select distinct split_part(secrets, '.', 2) as kid from connection where secrets is not null
       union select distinct split_part(code_verifier, '.', 2) from oauth_state where code_verifier is not null`,
  );
  const missing = used.map(row => row.kid).filter(kid => !vault.hasKey(kid));
  if (missing.length) {
    throw new VaultError(
      `secrets are sealed with vault keys that are not configured: ${missing.join(", ")}`,
    );
  }
  if (!checks.some(check => check.kid === vault.activeKeyId)) {
    await em
      .getConnection()
      .execute(
        `insert into vault_key_check (kid, ciphertext, created_at) values (?, ?, now()) on conflict do nothing`,
        [vault.activeKeyId, vault.encrypt(CHECK_PLAINTEXT, CHECK_OWNER)],
      );
  }
}

/** Re-seals every stored secret with the active key; returns how many changed. */
export async function rotateVaultSecrets(em: EntityManager, vault: Vault): Promise<number> {
  let changed = 0;
  await em.transactional(async tx => {
    const connections = await tx.find(
      Connection,
      { secrets: { $ne: null } },
      { populate: ["secrets"] as never, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    for (const connection of connections) {
      const owner = { workspaceId: connection.workspace, ownerId: connection.id };
      const next = vault.reencrypt(connection.secrets!, owner);
      if (next !== connection.secrets) {
        connection.secrets = next;
        changed += 1;
      }
    }
    const states = await tx.find(OAuthState, { codeVerifier: { $ne: null } });
    for (const state of states) {
      const owner = { workspaceId: state.workspace, ownerId: state.id };
      const next = vault.reencrypt(state.codeVerifier!, owner);
      if (next !== state.codeVerifier) {
        state.codeVerifier = next;
        changed += 1;
      }
    }
  });
  await verifyVaultKeys(em, vault);
  return changed;
}
