import { Migration } from '@mikro-orm/migrations';

export class Migration20261124163145_init extends Migration {

  override name = 'Migration20261124163145_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "workspace" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(120) not null, "slug" varchar(64) not null, primary key ("id"));`);
    this.addSql(`alter table "workspace" add constraint "workspace_slug_unique" unique ("slug");`);

    this.addSql(`create table "connection" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "provider" varchar(40) not null, "category" text not null, "display_name" varchar(200) not null, "status" text not null default 'PENDING', primary key ("id"));`);
    this.addSql(`create index "connection_workspace_id_index" on "connection" ("workspace_id");`);

    this.addSql(`create table "campaign" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "name" varchar(200) not null, "objective" text not null, "status" text not null default 'DRAFT', "budget_micros" bigint not null, "budget_currency" varchar(3) not null, "starts_at" timestamptz null, "ends_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "campaign_workspace_id_created_at_id_index" on "campaign" ("workspace_id", "created_at", "id");`);

    this.addSql(`create table "post" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "campaign_id" uuid null, "connection_id" uuid null, "network" varchar(40) not null, "body" text not null, "status" text not null default 'DRAFT', "published_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "post_workspace_id_campaign_id_index" on "post" ("workspace_id", "campaign_id");`);
    this.addSql(`create index "post_workspace_id_connection_id_index" on "post" ("workspace_id", "connection_id");`);

    this.addSql(`create table "commerce_order" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "campaign_id" uuid null, "connection_id" uuid null, "external_id" varchar(64) not null, "total_micros" bigint not null, "currency" varchar(3) not null, "placed_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "commerce_order_workspace_id_campaign_id_index" on "commerce_order" ("workspace_id", "campaign_id");`);
    this.addSql(`create index "commerce_order_workspace_id_connection_id_index" on "commerce_order" ("workspace_id", "connection_id");`);

    this.addSql(`create table "message" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "campaign_id" uuid null, "connection_id" uuid null, "channel" text not null, "recipient" varchar(320) not null, "status" text not null default 'QUEUED', primary key ("id"));`);
    this.addSql(`create index "message_workspace_id_campaign_id_index" on "message" ("workspace_id", "campaign_id");`);
    this.addSql(`create index "message_workspace_id_connection_id_index" on "message" ("workspace_id", "connection_id");`);

    this.addSql(`create table "agent" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "name" varchar(120) not null, "description" text null, "playbook" jsonb not null default '{}', primary key ("id"));`);
    this.addSql(`create index "agent_workspace_id_index" on "agent" ("workspace_id");`);

    this.addSql(`create table "execution" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "agent_id" uuid null, "campaign_id" uuid null, "status" text not null default 'PENDING', "mode" text not null default 'LIVE', "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "execution_agent_id_index" on "execution" ("agent_id");`);
    this.addSql(`create index "execution_campaign_id_index" on "execution" ("campaign_id");`);
    this.addSql(`create index "execution_workspace_id_created_at_id_index" on "execution" ("workspace_id", "created_at", "id");`);

    this.addSql(`create table "ad_campaign" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "campaign_id" uuid null, "connection_id" uuid null, "platform" varchar(40) not null, "name" varchar(200) not null, "status" text not null default 'DRAFT', "daily_budget_micros" bigint not null, "spend_micros" bigint not null default '0', "currency" varchar(3) not null, primary key ("id"));`);
    this.addSql(`create index "ad_campaign_workspace_id_campaign_id_index" on "ad_campaign" ("workspace_id", "campaign_id");`);
    this.addSql(`create index "ad_campaign_workspace_id_connection_id_index" on "ad_campaign" ("workspace_id", "connection_id");`);

    this.addSql(`alter table "connection" add constraint "connection_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "connection" add constraint "connection_category_check" check ("category" in ('MESSAGING', 'SOCIAL', 'ADS', 'COMMERCE'));`);
    this.addSql(`alter table "connection" add constraint "connection_status_check" check ("status" in ('PENDING', 'ACTIVE', 'REFRESH_FAILED', 'REVOKED', 'DISCONNECTED'));`);

    this.addSql(`alter table "campaign" add constraint "campaign_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "campaign" add constraint "campaign_budget_micros_check" check (budget_micros >= 0);`);
    this.addSql(`alter table "campaign" add constraint "campaign_budget_currency_check" check (budget_currency ~ '^[A-Z]{3}\$');`);
    this.addSql(`alter table "campaign" add constraint "campaign_objective_check" check ("objective" in ('AWARENESS', 'TRAFFIC', 'ENGAGEMENT', 'LEADS', 'SALES', 'RETENTION'));`);
    this.addSql(`alter table "campaign" add constraint "campaign_status_check" check ("status" in ('DRAFT', 'SCHEDULED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'ARCHIVED'));`);

    this.addSql(`alter table "post" add constraint "post_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "post" add constraint "post_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete set null;`);
    this.addSql(`alter table "post" add constraint "post_connection_id_foreign" foreign key ("connection_id") references "connection" ("id") on delete set null;`);
    this.addSql(`alter table "post" add constraint "post_status_check" check ("status" in ('DRAFT', 'SCHEDULED', 'PUBLISHED', 'FAILED'));`);

    this.addSql(`alter table "commerce_order" add constraint "commerce_order_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "commerce_order" add constraint "commerce_order_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete set null;`);
    this.addSql(`alter table "commerce_order" add constraint "commerce_order_connection_id_foreign" foreign key ("connection_id") references "connection" ("id") on delete set null;`);
    this.addSql(`alter table "commerce_order" add constraint "commerce_order_currency_check" check (currency ~ '^[A-Z]{3}\$');`);

    this.addSql(`alter table "message" add constraint "message_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "message" add constraint "message_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete set null;`);
    this.addSql(`alter table "message" add constraint "message_connection_id_foreign" foreign key ("connection_id") references "connection" ("id") on delete set null;`);
    this.addSql(`alter table "message" add constraint "message_channel_check" check ("channel" in ('SMS', 'WHATSAPP', 'SLACK', 'EMAIL'));`);
    this.addSql(`alter table "message" add constraint "message_status_check" check ("status" in ('QUEUED', 'SENT', 'DELIVERED', 'READ', 'FAILED'));`);

    this.addSql(`alter table "agent" add constraint "agent_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);

    this.addSql(`alter table "execution" add constraint "execution_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "execution" add constraint "execution_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "execution" add constraint "execution_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete set null;`);
    this.addSql(`alter table "execution" add constraint "execution_status_check" check ("status" in ('PENDING', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED'));`);
    this.addSql(`alter table "execution" add constraint "execution_mode_check" check ("mode" in ('LIVE', 'DRY_RUN'));`);

    this.addSql(`alter table "ad_campaign" add constraint "ad_campaign_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "ad_campaign" add constraint "ad_campaign_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete set null;`);
    this.addSql(`alter table "ad_campaign" add constraint "ad_campaign_connection_id_foreign" foreign key ("connection_id") references "connection" ("id") on delete set null;`);
    this.addSql(`alter table "ad_campaign" add constraint "ad_campaign_daily_budget_micros_check" check (daily_budget_micros >= 0);`);
    this.addSql(`alter table "ad_campaign" add constraint "ad_campaign_currency_check" check (currency ~ '^[A-Z]{3}\$');`);
    this.addSql(`alter table "ad_campaign" add constraint "ad_campaign_status_check" check ("status" in ('DRAFT', 'ACTIVE', 'PAUSED', 'ENDED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "connection" drop constraint "connection_workspace_id_foreign";`);
    this.addSql(`alter table "campaign" drop constraint "campaign_workspace_id_foreign";`);
    this.addSql(`alter table "post" drop constraint "post_workspace_id_foreign";`);
    this.addSql(`alter table "commerce_order" drop constraint "commerce_order_workspace_id_foreign";`);
    this.addSql(`alter table "message" drop constraint "message_workspace_id_foreign";`);
    this.addSql(`alter table "agent" drop constraint "agent_workspace_id_foreign";`);
    this.addSql(`alter table "execution" drop constraint "execution_workspace_id_foreign";`);
    this.addSql(`alter table "ad_campaign" drop constraint "ad_campaign_workspace_id_foreign";`);
    this.addSql(`alter table "post" drop constraint "post_connection_id_foreign";`);
    this.addSql(`alter table "commerce_order" drop constraint "commerce_order_connection_id_foreign";`);
    this.addSql(`alter table "message" drop constraint "message_connection_id_foreign";`);
    this.addSql(`alter table "ad_campaign" drop constraint "ad_campaign_connection_id_foreign";`);
    this.addSql(`alter table "post" drop constraint "post_campaign_id_foreign";`);
    this.addSql(`alter table "commerce_order" drop constraint "commerce_order_campaign_id_foreign";`);
    this.addSql(`alter table "message" drop constraint "message_campaign_id_foreign";`);
    this.addSql(`alter table "execution" drop constraint "execution_campaign_id_foreign";`);
    this.addSql(`alter table "ad_campaign" drop constraint "ad_campaign_campaign_id_foreign";`);
    this.addSql(`alter table "execution" drop constraint "execution_agent_id_foreign";`);

    this.addSql(`drop table if exists "workspace" cascade;`);
    this.addSql(`drop table if exists "connection" cascade;`);
    this.addSql(`drop table if exists "campaign" cascade;`);
    this.addSql(`drop table if exists "post" cascade;`);
    this.addSql(`drop table if exists "commerce_order" cascade;`);
    this.addSql(`drop table if exists "message" cascade;`);
    this.addSql(`drop table if exists "agent" cascade;`);
    this.addSql(`drop table if exists "execution" cascade;`);
    this.addSql(`drop table if exists "ad_campaign" cascade;`);
  }

}
