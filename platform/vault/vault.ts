import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Secrets at rest: AES-256-GCM with a random 96-bit nonce per encryption, and associated data
 * that binds each ciphertext to its owner (workspace and connection), so a ciphertext copied to
 * another row does not decrypt. Every ciphertext names its key, so keys can rotate.
 *
 * Format: "v1." kid "." base64url(nonce) "." base64url(ciphertext ‖ 16-byte tag)
 */
export interface VaultKeys {
  /** Key id → 32-byte key. */
  keys: Map<string, Buffer>;
  /** The key new ciphertexts use. */
  activeKeyId: string;
}

export interface SecretOwner {
  workspaceId: string;
  /** The row the secret belongs to (a connection id), or a fixed purpose such as "key-check". */
  ownerId: string;
}

export class VaultError extends Error {}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function associatedData(owner: SecretOwner): Buffer {
  return Buffer.from(`crosscast.v1|${owner.workspaceId}|${owner.ownerId}`, "utf8");
}

export class Vault {
  constructor(private readonly config: VaultKeys) {
    if (!config.keys.has(config.activeKeyId)) {
      throw new VaultError(`the active vault key "${config.activeKeyId}" is not configured`);
    }
    for (const [kid, key] of config.keys) {
      if (!KEY_ID.test(kid) || key.length !== 32) {
        throw new VaultError(`vault key "${kid}" must be 32 bytes with a short alphanumeric id`);
      }
    }
  }

  get activeKeyId(): string {
    return this.config.activeKeyId;
  }

  hasKey(kid: string): boolean {
    return this.config.keys.has(kid);
  }

  encrypt(plaintext: string, owner: SecretOwner): string {
    const kid = this.config.activeKeyId;
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.config.keys.get(kid)!, nonce);
    cipher.setAAD(associatedData(owner));
    const sealed = Buffer.concat([
      cipher.update(plaintext, "utf8"),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `v1.${kid}.${nonce.toString("base64url")}.${sealed.toString("base64url")}`;
  }

  /** The key id a ciphertext was sealed with (to find what needs re-encrypting on rotation). */
  static keyIdOf(ciphertext: string): string {
    const [version, kid] = ciphertext.split(".");
    if (version !== "v1" || !kid) {
      throw new VaultError("not a vault ciphertext");
    }
    return kid;
  }

  decrypt(ciphertext: string, owner: SecretOwner): string {
    const [version, kid, nonce, sealed, extra] = ciphertext.split(".");
    if (version !== "v1" || !kid || !nonce || !sealed || extra !== undefined) {
      throw new VaultError("not a vault ciphertext");
    }
    const key = this.config.keys.get(kid);
    if (!key) {
      throw new VaultError(`no vault key "${kid}" is configured`);
    }
    const bytes = Buffer.from(sealed, "base64url");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
      decipher.setAAD(associatedData(owner));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - 16)),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      throw new VaultError(`the secret does not decrypt with vault key "${kid}" for this owner`);
    }
  }

  /** Re-seals with the active key; ciphertexts already on it come back unchanged. */
  reencrypt(ciphertext: string, owner: SecretOwner): string {
    return Vault.keyIdOf(ciphertext) === this.config.activeKeyId
      ? ciphertext
      : this.encrypt(this.decrypt(ciphertext, owner), owner);
  }
}

/**
 * `VAULT_KEYS` is a comma-separated list of `kid:base64key` (32-byte keys); `VAULT_ACTIVE_KEY`
 * names the one new secrets use (default: the last listed).
 */
export function parseVaultKeys(raw: string, active?: string): VaultKeys {
  const keys = new Map<string, Buffer>();
  for (const entry of raw
    .split(",")
    .map(part => part.trim())
    .filter(Boolean)) {
    const [kid, encoded] = entry.split(":");
    if (!kid || !encoded) {
      throw new VaultError("VAULT_KEYS entries look like kid:base64key");
    }
    keys.set(kid, Buffer.from(encoded, "base64"));
  }
  const activeKeyId = active ?? [...keys.keys()].at(-1);
  if (!activeKeyId) {
    throw new VaultError("VAULT_KEYS holds no key");
  }
  return { keys, activeKeyId };
}
