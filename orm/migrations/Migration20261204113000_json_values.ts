import { Migration } from '@mikro-orm/migrations';

/**
 * Rows created before JSON columns had a runtime default hold the default's text as a JSON
 * string ('"{}"', '"[]"'): turn each such string back into the JSON value it spells.
 */
const COLUMNS: Array<[table: string, column: string]> = [
  ['agent', 'playbook'],
  ['agent', 'default_inputs'],
  ['campaign', 'audience'],
  ['connection', 'settings'],
  ['connection', 'scopes'],
  ['execution', 'playbook'],
  ['execution', 'inputs'],
  ['execution_event', 'payload'],
  ['oauth_state', 'scopes'],
];

export class Migration20261204113000_json_values extends Migration {

  override name = 'Migration20261204113000_json_values';

  override up(): void | Promise<void> {
    for (const [table, column] of COLUMNS) {
      this.addSql(`update "${table}" set "${column}" = ("${column}" #>> '{}')::jsonb where jsonb_typeof("${column}") = 'string' and ("${column}" #>> '{}') in ('{}', '[]');`);
    }
  }

  override down(): void | Promise<void> {
    // Nothing to undo: the values are the ones the columns always meant to hold.
  }

}
