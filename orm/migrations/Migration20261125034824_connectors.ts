import { Migration } from '@mikro-orm/migrations';

export class Migration20261125034824_connectors extends Migration {

  override name = 'Migration20261125034824_connectors';

  override up(): void | Promise<void> {
    this.addSql(`create table "vault_key_check" ("kid" varchar(32) not null, "ciphertext" text not null, "created_at" timestamptz not null, primary key ("kid"));`);

    this.addSql(`create table "webhook_event" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "provider" varchar(40) not null, "event_id" varchar(255) not null, "type" varchar(40) not null, "connection_id" uuid null, "payload" jsonb not null, "status" text not null default 'RECEIVED', "error" text null, "processed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_event_status_created_at_index" on "webhook_event" ("status", "created_at");`);
    this.addSql(`alter table "webhook_event" add constraint "webhook_event_provider_event_id_unique" unique ("provider", "event_id");`);

    this.addSql(`create table "suppression" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "channel" text not null, "address" varchar(320) not null, "reason" varchar(60) not null, "provider" varchar(40) null, primary key ("id"));`);
    this.addSql(`alter table "suppression" add constraint "suppression_workspace_id_channel_address_unique" unique ("workspace_id", "channel", "address");`);

    this.addSql(`create table "oauth_state" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "workspace_id" uuid not null, "user_id" varchar(200) not null, "provider" varchar(40) not null, "state_hash" varchar(64) not null, "redirect_uri" text not null, "code_verifier" text null, "scopes" jsonb not null default '[]', "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "oauth_state_workspace_id_index" on "oauth_state" ("workspace_id");`);
    this.addSql(`alter table "oauth_state" add constraint "oauth_state_state_hash_unique" unique ("state_hash");`);

    this.addSql(`alter table "connection" add "status_reason" text null, add "external_account_id" varchar(200) null, add "secrets" text null, add "settings" jsonb not null default '{}', add "scopes" jsonb not null default '[]', add "token_expires_at" timestamptz null, add "refresh_failures" int not null default 0, add "last_verified_at" timestamptz null;`);
    this.addSql(`create index "connection_provider_external_account_id_index" on "connection" ("provider", "external_account_id");`);
    this.addSql(`alter table "connection" add constraint "connection_workspace_id_provider_external_account_id_unique" unique ("workspace_id", "provider", "external_account_id");`);

    this.addSql(`alter table "message" add "provider" varchar(40) null, add "content" jsonb null, add "idempotency_key" varchar(200) null, add "request_hash" varchar(64) null, add "provider_message_id" varchar(200) null, add "error_code" varchar(40) null, add "error_message" text null, add "provider_error_code" varchar(60) null, add "attempts" int not null default 0, add "lease_until" timestamptz null, add "sent_at" timestamptz null, add "delivered_at" timestamptz null, add "read_at" timestamptz null, add "failed_at" timestamptz null;`);
    this.addSql(`create index "message_provider_provider_message_id_index" on "message" ("provider", "provider_message_id");`);
    this.addSql(`alter table "message" add constraint "message_workspace_id_idempotency_key_unique" unique ("workspace_id", "idempotency_key");`);

    this.addSql(`alter table "webhook_event" add constraint "webhook_event_status_check" check ("status" in ('RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED'));`);

    this.addSql(`alter table "suppression" add constraint "suppression_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
    this.addSql(`alter table "suppression" add constraint "suppression_channel_check" check ("channel" in ('SMS', 'WHATSAPP', 'SLACK', 'EMAIL'));`);

    this.addSql(`alter table "oauth_state" add constraint "oauth_state_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "vault_key_check" cascade;`);
    this.addSql(`drop table if exists "webhook_event" cascade;`);
    this.addSql(`drop table if exists "suppression" cascade;`);
    this.addSql(`drop table if exists "oauth_state" cascade;`);

    this.addSql(`drop index "connection_provider_external_account_id_index";`);
    this.addSql(`alter table "connection" drop constraint "connection_workspace_id_provider_external_account_id_unique";`);
    this.addSql(`alter table "connection" drop column "status_reason", drop column "external_account_id", drop column "secrets", drop column "settings", drop column "scopes", drop column "token_expires_at", drop column "refresh_failures", drop column "last_verified_at";`);

    this.addSql(`drop index "message_provider_provider_message_id_index";`);
    this.addSql(`alter table "message" drop constraint "message_workspace_id_idempotency_key_unique";`);
    this.addSql(`alter table "message" drop column "provider", drop column "content", drop column "idempotency_key", drop column "request_hash", drop column "provider_message_id", drop column "error_code", drop column "error_message", drop column "provider_error_code", drop column "attempts", drop column "lease_until", drop column "sent_at", drop column "delivered_at", drop column "read_at", drop column "failed_at";`);
  }

}
