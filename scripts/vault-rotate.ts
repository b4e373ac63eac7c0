// npm run vault:rotate: re-seals every stored secret with the active vault key. Configure the new
// key in VAULT_KEYS (keeping the old ones) and name it in VAULT_ACTIVE_KEY, run this, then the old
// key can be removed from VAULT_KEYS.
import { openDatabase } from "../app/database.js";
import { openVault } from "../app/connector-runtime.js";
import { initOrm, migrate } from "../orm/config.js";
import { loadConfig } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { rotateVaultSecrets } from "../connectors/runtime/vault-store.js";

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, service: "vault-rotate" });
const database = await openDatabase(config, logger);
const orm = await initOrm({ databaseUrl: database.url });
try {
  await migrate(orm);
  const vault = await openVault(config, orm);
  const changed = await rotateVaultSecrets(orm.em.fork(), vault);
  logger.info({ activeKey: vault.activeKeyId, changed }, "secrets re-sealed with the active key");
} finally {
  await orm.close(true);
  await database.stop();
}
