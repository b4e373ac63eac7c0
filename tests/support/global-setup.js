// Once per test run: a PostgreSQL server (DATABASE_URL's, or a real embedded one), and a template
// database with every migration applied. Each test file then clones the template (fast, isolated).
// Jest loads global setup outside its module transform, so this file is plain ESM over the build
// that `npm test` runs first (pretest).
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { dropDatabase, ensureDatabase } from "../../dist/orm/database.js";
import { startEmbeddedPostgres } from "../../dist/orm/embedded-postgres.js";
import { initOrm, migrate } from "../../dist/orm/config.js";

/** A port nobody listens on, so parallel runs on one machine do not collide. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    // A fresh cluster per run: nothing left over by an interrupted run can get in the way.
    const dataDir = await mkdtemp(join(tmpdir(), "crosscast-test-pg-"));
    globalThis.__crosscastTestDataDir = dataDir;
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : await freePort(),
    });
    globalThis.__crosscastEmbeddedPostgres = embedded;
    adminUrl = embedded.adminUrl;
  }
  const template = `crosscast_tpl_${randomBytes(4).toString("hex")}`;
  const orm = await initOrm({ databaseUrl: await ensureDatabase(adminUrl, template) });
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
  globalThis.__crosscastDropTemplate = () => dropDatabase(adminUrl, template);
}
