// The explicit migration registry, in order. `npm run migration:create` writes a new file here;
// add it to this list.
import { Migration20261124163145_init } from "./Migration20261124163145_init.js";
import { Migration20261125034824_connectors } from "./Migration20261125034824_connectors.js";
import { Migration20261125042857_executions } from "./Migration20261125042857_executions.js";
import { Migration20261204113000_json_values } from "./Migration20261204113000_json_values.js";
import { Migration20261205002119_unsettled_messages } from "./Migration20261205002119_unsettled_messages.js";

export const MIGRATIONS = [
  Migration20261124163145_init,
  Migration20261125034824_connectors,
  Migration20261125042857_executions,
  Migration20261204113000_json_values,
  Migration20261205002119_unsettled_messages,
] as const;
