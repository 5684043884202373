import { Migration } from '@mikro-orm/migrations';

export class Migration20261122174150 extends Migration {

  override async up(): Promise<void> {
    // trigram matching for partial and misspelt words in search (contrib, shipped with PostgreSQL)
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create table "diary_counter" ("office_id" uuid not null, "year" int not null, "last_seq" int not null, constraint "diary_counter_pkey" primary key ("office_id", "year"));`);

    this.addSql(`create table "outbox_message" ("id" uuid not null, "channel" varchar(10) not null, "recipient" varchar(200) not null, "subject" varchar(300) null, "body" text not null, "status" varchar(20) not null, "related_type" varchar(20) not null, "related_id" uuid not null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "outbox_message_pkey" primary key ("id"));`);
    this.addSql(`create index "outbox_message_related_id_index" on "outbox_message" ("related_id");`);

    this.addSql(`create table "item_access" ("item_type" varchar(10) not null, "item_id" uuid not null, "post_id" uuid not null, "read_only" boolean not null, "granted_at" timestamptz not null, constraint "item_access_pkey" primary key ("item_type", "item_id", "post_id"));`);
    this.addSql(`create index "item_access_post_id_item_type_index" on "item_access" ("post_id", "item_type");`);

    this.addSql(`create table "receipt" ("id" uuid not null, "office_id" uuid not null, "status" varchar(20) not null, "diary_number" varchar(80) null, "diary_year" int null, "diary_seq" int null, "received_date" date null, "mode" varchar(20) null, "sender" varchar(300) null, "sender_address" varchar(500) null, "sender_mobile" varchar(20) null, "sender_email" varchar(200) null, "letter_number" varchar(120) null, "letter_date" date null, "subject" text null, "category" varchar(80) null, "language" varchar(10) null, "grading" varchar(20) not null, "priority" varchar(20) not null, "due_date" date null, "remarks" text null, "page_count" int not null default 0, "created_by_post_id" uuid not null, "created_by_user_id" uuid not null, "holder_post_id" uuid not null, "opened_at" timestamptz null, "held_since" timestamptz not null, "diarised_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "receipt_pkey" primary key ("id"));`);
    this.addSql(`create index "receipt_office_id_index" on "receipt" ("office_id");`);
    this.addSql(`create index "receipt_status_index" on "receipt" ("status");`);
    this.addSql(`alter table "receipt" add constraint "receipt_diary_number_unique" unique ("diary_number");`);
    this.addSql(`create index "receipt_holder_post_id_index" on "receipt" ("holder_post_id");`);
    this.addSql(`create index "receipt_fts" on "receipt" using gin (to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(sender, '') || ' ' || coalesce(letter_number, '') || ' ' || coalesce(diary_number, '') || ' ' || coalesce(category, '')));`);
    this.addSql(`create index "receipt_trgm" on "receipt" using gin ((coalesce(subject, '') || ' ' || coalesce(sender, '') || ' ' || coalesce(letter_number, '') || ' ' || coalesce(diary_number, '') || ' ' || coalesce(category, '')) gin_trgm_ops);`);

    this.addSql(`create table "receipt_upload" ("id" uuid not null, "receipt_id" uuid not null, "filename" varchar(300) not null, "kind" varchar(10) not null, "mime" varchar(60) not null, "size" bigint not null, "sha256" varchar(64) not null, "object_key" varchar(300) not null, "page_count" int not null, "first_page_no" int not null, "status" varchar(20) not null, "error" text null, "created_at" timestamptz not null, constraint "receipt_upload_pkey" primary key ("id"));`);
    this.addSql(`create index "receipt_upload_receipt_id_index" on "receipt_upload" ("receipt_id");`);
    this.addSql(`create index "receipt_upload_sha256_index" on "receipt_upload" ("sha256");`);

    this.addSql(`create table "receipt_page" ("id" uuid not null, "receipt_id" uuid not null, "upload_id" uuid not null, "page_no" int not null, "source_index" int not null, "status" varchar(20) not null, "width" int null, "height" int null, "ocr_text" text null, "ocr_confidence" real null, "ocr_attempts" int not null default 0, "updated_at" timestamptz not null, constraint "receipt_page_pkey" primary key ("id"));`);
    this.addSql(`create index "receipt_page_upload_id_index" on "receipt_page" ("upload_id");`);
    this.addSql(`create index "receipt_page_fts" on "receipt_page" using gin (to_tsvector('simple', coalesce(ocr_text, '')));`);
    this.addSql(`create index "receipt_page_trgm" on "receipt_page" using gin (ocr_text gin_trgm_ops);`);
    this.addSql(`alter table "receipt_page" add constraint "receipt_page_receipt_id_page_no_unique" unique ("receipt_id", "page_no");`);

    this.addSql(`create table "movement" ("id" uuid not null, "item_type" varchar(10) not null, "item_id" uuid not null, "kind" varchar(20) not null, "from_post_id" uuid not null, "to_post_id" uuid not null, "sent_by_id" uuid not null, "remarks" text null, "priority" varchar(20) not null, "due_date" date null, "sent_at" timestamptz not null, "opened_at" timestamptz null, constraint "movement_pkey" primary key ("id"));`);
    this.addSql(`create index "movement_item_type_item_id_index" on "movement" ("item_type", "item_id");`);
    this.addSql(`create index "movement_to_post_id_sent_at_index" on "movement" ("to_post_id", "sent_at");`);
    this.addSql(`create index "movement_from_post_id_sent_at_index" on "movement" ("from_post_id", "sent_at");`);

    this.addSql(`alter table "diary_counter" add constraint "diary_counter_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);

    this.addSql(`alter table "item_access" add constraint "item_access_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade;`);

    this.addSql(`alter table "receipt" add constraint "receipt_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "receipt" add constraint "receipt_created_by_post_id_foreign" foreign key ("created_by_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "receipt" add constraint "receipt_created_by_user_id_foreign" foreign key ("created_by_user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "receipt" add constraint "receipt_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade;`);

    this.addSql(`alter table "receipt_upload" add constraint "receipt_upload_receipt_id_foreign" foreign key ("receipt_id") references "receipt" ("id") on update cascade;`);

    this.addSql(`alter table "receipt_page" add constraint "receipt_page_receipt_id_foreign" foreign key ("receipt_id") references "receipt" ("id") on update cascade;`);
    this.addSql(`alter table "receipt_page" add constraint "receipt_page_upload_id_foreign" foreign key ("upload_id") references "receipt_upload" ("id") on update cascade;`);

    this.addSql(`alter table "movement" add constraint "movement_from_post_id_foreign" foreign key ("from_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "movement" add constraint "movement_to_post_id_foreign" foreign key ("to_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "movement" add constraint "movement_sent_by_id_foreign" foreign key ("sent_by_id") references "app_user" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "receipt_upload" drop constraint "receipt_upload_receipt_id_foreign";`);

    this.addSql(`alter table "receipt_page" drop constraint "receipt_page_receipt_id_foreign";`);

    this.addSql(`alter table "receipt_page" drop constraint "receipt_page_upload_id_foreign";`);

    this.addSql(`drop table if exists "diary_counter" cascade;`);

    this.addSql(`drop table if exists "outbox_message" cascade;`);

    this.addSql(`drop table if exists "item_access" cascade;`);

    this.addSql(`drop table if exists "receipt" cascade;`);

    this.addSql(`drop table if exists "receipt_upload" cascade;`);

    this.addSql(`drop table if exists "receipt_page" cascade;`);

    this.addSql(`drop table if exists "movement" cascade;`);
  }

}
