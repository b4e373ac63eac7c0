import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/**
 * One known plaintext sealed under each vault key id: at start, every configured key must open
 * its check, so a process with a wrong key refuses to start instead of failing on first use.
 */
export const VaultKeyCheck = defineEntity({
  name: "VaultKeyCheck",
  properties: {
    kid: p.string().length(32).primary(),
    ciphertext: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type VaultKeyCheck = InferEntity<typeof VaultKeyCheck>;
