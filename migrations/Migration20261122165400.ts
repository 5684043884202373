import { Migration } from '@mikro-orm/migrations';

export class Migration20261122165400 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_event" ("seq" bigserial primary key, "at" timestamptz not null, "actor_user_id" uuid null, "actor_label" varchar(100) not null, "actor_post_id" uuid null, "action" varchar(80) not null, "object_type" varchar(40) not null, "object_id" varchar(80) not null, "details" jsonb not null, "client_ip" varchar(64) null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null);`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);
    this.addSql(`create index "audit_event_object_id_index" on "audit_event" ("object_id");`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_hash_unique" unique ("hash");`);

    this.addSql(`create table "office" ("id" uuid not null, "code" varchar(40) not null, "name_en" varchar(200) not null, "name_hi" varchar(200) not null, "kind" varchar(30) not null, "number_prefix" varchar(40) not null, "parent_id" uuid null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "office_pkey" primary key ("id"));`);
    this.addSql(`alter table "office" add constraint "office_code_unique" unique ("code");`);

    this.addSql(`create table "section" ("id" uuid not null, "office_id" uuid not null, "code" varchar(40) not null, "name_en" varchar(200) not null, "name_hi" varchar(200) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "section_pkey" primary key ("id"));`);
    this.addSql(`alter table "section" add constraint "section_office_id_code_unique" unique ("office_id", "code");`);

    this.addSql(`create table "post" ("id" uuid not null, "code" varchar(60) not null, "designation_en" varchar(200) not null, "designation_hi" varchar(200) not null, "office_id" uuid not null, "section_id" uuid null, "capabilities" text[] not null, "active" boolean not null default true, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "post_pkey" primary key ("id"));`);
    this.addSql(`alter table "post" add constraint "post_code_unique" unique ("code");`);
    this.addSql(`create index "post_office_id_index" on "post" ("office_id");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "username" varchar(60) not null, "name_en" varchar(200) not null, "name_hi" varchar(200) not null, "password_hash" varchar(300) not null, "mobile" varchar(20) null, "email" varchar(200) null, "locale" varchar(2) null, "active" boolean not null default true, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);

    this.addSql(`create table "session" ("id" varchar(64) not null, "user_id" uuid not null, "acting_post_id" uuid null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "client_ip" varchar(64) not null, "user_agent" varchar(300) null, constraint "session_pkey" primary key ("id"));`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);
    this.addSql(`create index "session_expires_at_index" on "session" ("expires_at");`);

    this.addSql(`create table "charge" ("id" uuid not null, "user_id" uuid not null, "post_id" uuid not null, "type" varchar(20) not null, "from_date" date not null, "to_date" date null, "version" int not null default 1, "created_at" timestamptz not null, constraint "charge_pkey" primary key ("id"));`);
    this.addSql(`create index "charge_user_id_index" on "charge" ("user_id");`);
    this.addSql(`create index "charge_post_id_index" on "charge" ("post_id");`);

    this.addSql(`alter table "office" add constraint "office_parent_id_foreign" foreign key ("parent_id") references "office" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "section" add constraint "section_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);

    this.addSql(`alter table "post" add constraint "post_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "post" add constraint "post_section_id_foreign" foreign key ("section_id") references "section" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "session" add constraint "session_acting_post_id_foreign" foreign key ("acting_post_id") references "post" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "charge" add constraint "charge_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "charge" add constraint "charge_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "office" drop constraint "office_parent_id_foreign";`);

    this.addSql(`alter table "section" drop constraint "section_office_id_foreign";`);

    this.addSql(`alter table "post" drop constraint "post_office_id_foreign";`);

    this.addSql(`alter table "post" drop constraint "post_section_id_foreign";`);

    this.addSql(`alter table "session" drop constraint "session_acting_post_id_foreign";`);

    this.addSql(`alter table "charge" drop constraint "charge_post_id_foreign";`);

    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);

    this.addSql(`alter table "charge" drop constraint "charge_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop table if exists "office" cascade;`);

    this.addSql(`drop table if exists "section" cascade;`);

    this.addSql(`drop table if exists "post" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(`drop table if exists "charge" cascade;`);
  }

}
