import { Migration } from '@mikro-orm/migrations';

export class Migration20261125042857_executions extends Migration {

  override name = 'Migration20261125042857_executions';

  override up(): void | Promise<void> {
    this.addSql(`create table "execution_step" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "execution_id" uuid not null, "step_id" varchar(64) not null, "status" text not null default 'PENDING', "items_total" int not null default 0, "items_succeeded" int not null default 0, "items_failed" int not null default 0, "items_skipped" int not null default 0, "error" jsonb null, "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "execution_step" add constraint "execution_step_execution_id_step_id_unique" unique ("execution_id", "step_id");`);

    this.addSql(`create table "execution_item" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "execution_id" uuid not null, "step_id" varchar(64) not null, "index" int not null, "status" text not null default 'PENDING', "item" jsonb null, "attempts" int not null default 0, "claimed_by" varchar(64) null, "output" jsonb null, "error" jsonb null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "execution_item_execution_id_step_id_status_index_index" on "execution_item" ("execution_id", "step_id", "status", "index");`);
    this.addSql(`alter table "execution_item" add constraint "execution_item_execution_id_step_id_index_unique" unique ("execution_id", "step_id", "index");`);

    this.addSql(`create table "execution_event" ("id" uuid not null, "workspace_id" uuid not null, "execution_id" uuid not null, "seq" int not null, "type" text not null, "step_id" varchar(64) null, "item_index" int null, "payload" jsonb not null default '{}', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "execution_event" add constraint "execution_event_execution_id_seq_unique" unique ("execution_id", "seq");`);

    this.addSql(`alter table "campaign" add "audience" jsonb not null default '[]', add "playbook" jsonb null;`);

    this.addSql(`alter table "message" add "dry_run" boolean not null default false;`);

    this.addSql(`alter table "agent" add "default_inputs" jsonb not null default '{}';`);

    this.addSql(`alter table "execution" add "playbook" jsonb not null default '{}', add "inputs" jsonb not null default '{}', add "started_by" varchar(200) null, add "scheduled_at" timestamptz null, add "last_seq" int not null default 0, add "progress" int not null default 0, add "error" jsonb null;`);
    this.addSql(`create index "execution_status_index" on "execution" ("status");`);

    this.addSql(`alter table "execution_step" add constraint "execution_step_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "execution_step" add constraint "execution_step_execution_id_foreign" foreign key ("execution_id") references "execution" ("id");`);
    this.addSql(`alter table "execution_step" add constraint "execution_step_status_check" check ("status" in ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED'));`);

    this.addSql(`alter table "execution_item" add constraint "execution_item_execution_id_foreign" foreign key ("execution_id") references "execution" ("id");`);
    this.addSql(`alter table "execution_item" add constraint "execution_item_status_check" check ("status" in ('PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED'));`);

    this.addSql(`alter table "execution_event" add constraint "execution_event_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "execution_event" add constraint "execution_event_execution_id_foreign" foreign key ("execution_id") references "execution" ("id");`);
    this.addSql(`alter table "execution_event" add constraint "execution_event_type_check" check ("type" in ('EXECUTION_STARTED', 'STEP_STARTED', 'STEP_RETRYING', 'STEP_SUCCEEDED', 'STEP_FAILED', 'STEP_SKIPPED', 'ITEM_SUCCEEDED', 'ITEM_FAILED', 'PROGRESS', 'LOG', 'EXECUTION_PAUSED', 'EXECUTION_RESUMED', 'EXECUTION_SUCCEEDED', 'EXECUTION_FAILED', 'EXECUTION_CANCELLED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "execution_step" cascade;`);
    this.addSql(`drop table if exists "execution_item" cascade;`);
    this.addSql(`drop table if exists "execution_event" cascade;`);

    this.addSql(`alter table "agent" drop column "default_inputs";`);

    this.addSql(`alter table "campaign" drop column "audience", drop column "playbook";`);

    this.addSql(`drop index "execution_status_index";`);
    this.addSql(`alter table "execution" drop column "playbook", drop column "inputs", drop column "started_by", drop column "scheduled_at", drop column "last_seq", drop column "progress", drop column "error";`);

    this.addSql(`alter table "message" drop column "dry_run";`);
  }

}
