// npm run migration:create [-- --name <name>]: diffs the entities against a scratch database with
// every committed migration applied, and writes the difference as a new migration in orm/migrations.
import { loadConfig } from "../../platform/config.js";
import { initOrm, migrate } from "../config.js";
import { withScratchDatabase } from "./scratch-database.js";

const nameIndex = process.argv.indexOf("--name");
const name = nameIndex === -1 ? undefined : process.argv[nameIndex + 1];

await withScratchDatabase(loadConfig(), async databaseUrl => {
  const orm = await initOrm({ databaseUrl });
  try {
    await migrate(orm);
    const result = await orm.migrator.create(undefined, false, false, name);
    if (!result.fileName) {
      console.log("No schema changes: no migration written.");
    } else {
      console.log(`Wrote orm/migrations/${result.fileName}; add it to orm/migrations/index.ts.`);
    }
  } finally {
    await orm.close(true);
  }
});
