import { describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { parseVaultKeys, Vault, VaultError } from "../../platform/vault/vault.js";

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const owner = { workspaceId: "w1", ownerId: "conn-1" };

describe("the vault", () => {
  const vault = new Vault({ keys: new Map([["k1", k1]]), activeKeyId: "k1" });

  it("round-trips a secret, with a fresh nonce every time and the key id in the ciphertext", () => {
    const a = vault.encrypt("sk_live_secret", owner);
    const b = vault.encrypt("sk_live_secret", owner);
    expect(a).not.toBe(b);
    expect(a.startsWith("v1.k1.")).toBe(true);
    expect(a).not.toContain("sk_live_secret");
    expect(Buffer.from(a.split(".")[2]!, "base64url")).toHaveLength(12);
    expect(vault.decrypt(a, owner)).toBe("sk_live_secret");
  });

  it("binds a ciphertext to its workspace and connection", () => {
    const sealed = vault.encrypt("token", owner);
    expect(() => vault.decrypt(sealed, { ...owner, ownerId: "conn-2" })).toThrow(VaultError);
    expect(() => vault.decrypt(sealed, { ...owner, workspaceId: "w2" })).toThrow(VaultError);
  });

  it("detects tampering and a wrong key", () => {
    const sealed = vault.encrypt("token", owner);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => vault.decrypt(tampered, owner)).toThrow(VaultError);
    const impostor = new Vault({ keys: new Map([["k1", k2]]), activeKeyId: "k1" });
    expect(() => impostor.decrypt(sealed, owner)).toThrow(/does not decrypt with vault key "k1"/);
  });

  it("rotates: old ciphertexts still open, and re-encryption moves them to the active key", () => {
    const old = vault.encrypt("token", owner);
    const rotated = new Vault(
      parseVaultKeys(`k1:${k1.toString("base64")},k2:${k2.toString("base64")}`),
    );
    expect(rotated.activeKeyId).toBe("k2");
    expect(rotated.decrypt(old, owner)).toBe("token");
    const moved = rotated.reencrypt(old, owner);
    expect(Vault.keyIdOf(moved)).toBe("k2");
    expect(rotated.reencrypt(moved, owner)).toBe(moved);
    const withoutOldKey = new Vault(parseVaultKeys(`k2:${k2.toString("base64")}`));
    expect(withoutOldKey.decrypt(moved, owner)).toBe("token");
    expect(() => withoutOldKey.decrypt(old, owner)).toThrow(/no vault key "k1"/);
  });

  it("refuses malformed key configuration", () => {
    expect(() => parseVaultKeys("")).toThrow(VaultError);
    expect(() => new Vault(parseVaultKeys(`k1:${randomBytes(16).toString("base64")}`))).toThrow(
      /32 bytes/,
    );
    expect(() => new Vault({ keys: new Map([["k1", k1]]), activeKeyId: "k9" })).toThrow(
      /not configured/,
    );
  });
});
