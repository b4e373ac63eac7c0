// npm run migration:check: applies every committed migration to a scratch database and fails when
// the entities still differ from the resulting schema (a change without its migration).
import { loadConfig } from "../../platform/config.js";
import { initOrm, migrate, pendingSchemaChanges } from "../config.js";
import { withScratchDatabase } from "./scratch-database.js";

await withScratchDatabase(loadConfig(), async databaseUrl => {
  const orm = await initOrm({ databaseUrl });
  try {
    await migrate(orm);
    const pending = await pendingSchemaChanges(orm);
    if (pending) {
      console.error(
        `Entities differ from the migrations. Run npm run migration:create.\n${pending}`,
      );
      process.exitCode = 1;
    } else {
      console.log("Migrations match the entities.");
    }
  } finally {
    await orm.close(true);
  }
});
