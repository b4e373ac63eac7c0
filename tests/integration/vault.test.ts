import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Connection } from "../../orm/entities/index.js";
import { uuidv7 } from "../../orm/uuid.js";
import { openSecrets, sealSecrets } from "../../platform/vault/sealed-secrets.js";
import { parseVaultKeys, Vault, VaultError } from "../../platform/vault/vault.js";
import { rotateVaultSecrets, verifyVaultKeys } from "../../connectors/runtime/vault-store.js";
import { makeWorkspace } from "../support/factories.js";
import { runNode } from "../../testing/processes.js";
import { createTestDatabase, createTestOrm, type TestOrm } from "../support/test-database.js";

const key = (fill: number) => Buffer.alloc(32, fill).toString("base64");
const vaultOf = (keys: string, active?: string) => new Vault(parseVaultKeys(keys, active));

describe("the vault against the database", () => {
  let db: TestOrm;
  let connectionId: string;
  const k1 = vaultOf(`k1:${key(1)}`);

  beforeAll(async () => {
    db = await createTestOrm();
    const workspace = (await makeWorkspace(db.orm)).id;
    connectionId = uuidv7();
    const em = db.orm.em.fork();
    em.create(Connection, {
      id: connectionId,
      workspace,
      provider: "twilio",
      category: "MESSAGING",
      displayName: "vaulted",
      status: "ACTIVE",
      secrets: sealSecrets(k1, { id: connectionId, workspace }, { authToken: "tw-secret-token" }),
    } as never);
    await em.flush();
  });
  afterAll(() => db.close());

  it("records a check for the key at first start, then refuses a different key under the same id", async () => {
    await verifyVaultKeys(db.orm.em.fork(), k1);
    await expect(verifyVaultKeys(db.orm.em.fork(), vaultOf(`k1:${key(2)}`))).rejects.toThrow(
      /not the key this database's secrets were sealed with/,
    );
  });

  it("refuses to start when stored secrets use a key that is not configured", async () => {
    await expect(verifyVaultKeys(db.orm.em.fork(), vaultOf(`k9:${key(9)}`))).rejects.toThrow(
      VaultError,
    );
  });

  it("a process started with the wrong key exits instead of serving", async () => {
    const scratch = await createTestDatabase();
    const orm = (await import("../../orm/config.js")).initOrm;
    const own = await orm({ databaseUrl: scratch.url });
    await verifyVaultKeys(own.em.fork(), k1);
    await own.close(true);
    const service = runNode("dist/scripts/start-subgraph.js", ["messaging"], {
      DATABASE_URL: scratch.url,
      MESSAGING_PORT: "0",
      VAULT_KEYS: `k1:${key(3)}`,
    });
    expect(await service.exited()).not.toBe(0);
    expect(service.output()).toMatch(/vault key "k1"/);
    await scratch.drop();
  });

  it("rotation re-seals every secret with the active key, and the old key can then go", async () => {
    const rotated = vaultOf(`k1:${key(1)},k2:${key(4)}`, "k2");
    expect(await rotateVaultSecrets(db.orm.em.fork(), rotated)).toBe(1);
    const row = await db.orm.em
      .fork()
      .findOneOrFail(Connection, { id: connectionId }, { populate: ["secrets"] as never });
    expect(row.secrets).toMatch(/^v1\.k2\./);
    const onlyNew = vaultOf(`k2:${key(4)}`);
    await verifyVaultKeys(db.orm.em.fork(), onlyNew);
    expect(openSecrets(onlyNew, row)).toEqual({ authToken: "tw-secret-token" });
  });
});
