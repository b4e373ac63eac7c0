import { Migration } from '@mikro-orm/migrations';

export class Migration20261205002119_unsettled_messages extends Migration {

  override name = 'Migration20261205002119_unsettled_messages';

  override up(): void | Promise<void> {
    this.addSql(`create index "message_unsettled_lease_until_index" on "message" ("lease_until") where status = 'QUEUED' and provider_message_id is null and error_code is null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "message_unsettled_lease_until_index";`);
  }

}
