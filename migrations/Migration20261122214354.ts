import { Migration } from '@mikro-orm/migrations';

export class Migration20261122214354 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "dispatch_counter" ("office_id" uuid not null, "year" int not null, "last_serial" int not null, constraint "dispatch_counter_pkey" primary key ("office_id", "year"));`);

    this.addSql(`create table "signing_certificate" ("id" uuid not null, "user_id" uuid not null, "certificate" bytea not null, "chain" jsonb not null, "fingerprint" varchar(64) not null, "common_name" varchar(300) not null, "subject" text not null, "issuer" text not null, "serial_number" varchar(80) not null, "not_before" timestamptz not null, "not_after" timestamptz not null, "certificate_class" varchar(20) null, "status" varchar(10) not null, "enrolled_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_by_id" uuid null, "revoked_reason" varchar(500) null, "version" int not null default 1, constraint "signing_certificate_pkey" primary key ("id"));`);
    this.addSql(`create index "signing_certificate_user_id_index" on "signing_certificate" ("user_id");`);
    this.addSql(`create index "signing_certificate_fingerprint_index" on "signing_certificate" ("fingerprint");`);
    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_user_id_fingerprint_unique" unique ("user_id", "fingerprint");`);

    this.addSql(`create table "signing_request" ("id" uuid not null, "user_id" uuid not null, "post_id" uuid not null, "certificate_id" uuid not null, "status" varchar(12) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "completed_at" timestamptz null, "version" int not null default 1, constraint "signing_request_pkey" primary key ("id"));`);
    this.addSql(`create index "signing_request_user_id_index" on "signing_request" ("user_id");`);

    this.addSql(`create table "enrolment_challenge" ("id" uuid not null, "user_id" uuid not null, "challenge" bytea not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "enrolment_challenge_pkey" primary key ("id"));`);

    this.addSql(`create table "note_signature" ("note_id" uuid not null, "certificate_id" uuid not null, "user_id" uuid not null, "cms" bytea not null, "content_digest" bytea not null, "signed_at" timestamptz not null, constraint "note_signature_pkey" primary key ("note_id"));`);

    this.addSql(`create table "dispatch_entry" ("id" uuid not null, "office_id" uuid not null, "year" int not null, "serial" int not null, "issue_number" varchar(80) not null, "file_id" uuid not null, "draft_id" uuid not null, "subject" varchar(500) not null, "addressee" text not null, "mode" varchar(20) not null, "recipients" jsonb not null, "status" varchar(20) not null, "letter_date" date not null, "created_by_post_id" uuid not null, "created_by_user_id" uuid not null, "created_at" timestamptz not null, "issued_at" timestamptz null, "signers" jsonb not null, "object_key" varchar(200) null, "document_hashes" text[] not null, "content_hash" varchar(64) not null, "qr_token" text not null, "correspondence_id" uuid null, "dispatched_at" timestamptz null, "dispatched_by_id" uuid null, "dispatch_reference" varchar(200) null, "remarks" varchar(500) null, "version" int not null default 1, constraint "dispatch_entry_pkey" primary key ("id"));`);
    this.addSql(`alter table "dispatch_entry" add constraint "dispatch_entry_issue_number_unique" unique ("issue_number");`);
    this.addSql(`create index "dispatch_entry_file_id_index" on "dispatch_entry" ("file_id");`);
    this.addSql(`create index "dispatch_entry_office_id_issued_at_index" on "dispatch_entry" ("office_id", "issued_at");`);
    this.addSql(`create index "dispatch_entry_hashes" on "dispatch_entry" using gin ("document_hashes");`);
    this.addSql(`alter table "dispatch_entry" add constraint "dispatch_entry_office_id_year_serial_unique" unique ("office_id", "year", "serial");`);

    this.addSql(`create table "signing_request_item" ("request_id" uuid not null, "index" int not null, "type" varchar(12) not null, "title" varchar(600) not null, "file_id" uuid null, "note_id" uuid null, "dispatch_id" uuid null, "digest" bytea not null, "signed_attrs" bytea not null, "content" bytea not null, "byte_range" text[] null, "base_hash" varchar(64) null, "signing_time" timestamptz not null, constraint "signing_request_item_pkey" primary key ("request_id", "index"));`);

    this.addSql(`create table "verification_key" ("kid" varchar(40) not null, "public_jwk" jsonb not null, "private_pem" text not null, "created_at" timestamptz not null, "active" boolean not null, constraint "verification_key_pkey" primary key ("kid"));`);

    this.addSql(`alter table "dispatch_counter" add constraint "dispatch_counter_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);

    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_revoked_by_id_foreign" foreign key ("revoked_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "signing_request" add constraint "signing_request_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "signing_request" add constraint "signing_request_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "signing_request" add constraint "signing_request_certificate_id_foreign" foreign key ("certificate_id") references "signing_certificate" ("id") on update cascade;`);

    this.addSql(`alter table "enrolment_challenge" add constraint "enrolment_challenge_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "note_signature" add constraint "note_signature_note_id_foreign" foreign key ("note_id") references "note" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "note_signature" add constraint "note_signature_certificate_id_foreign" foreign key ("certificate_id") references "signing_certificate" ("id") on update cascade;`);
    this.addSql(`alter table "note_signature" add constraint "note_signature_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "dispatch_entry" add constraint "dispatch_entry_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "dispatch_entry" add constraint "dispatch_entry_file_id_foreign" foreign key ("file_id") references "efile" ("id") on update cascade;`);
    this.addSql(`alter table "dispatch_entry" add constraint "dispatch_entry_draft_id_foreign" foreign key ("draft_id") references "draft" ("id") on update cascade;`);
    this.addSql(`alter table "dispatch_entry" add constraint "dispatch_entry_created_by_post_id_foreign" foreign key ("created_by_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "dispatch_entry" add constraint "dispatch_entry_created_by_user_id_foreign" foreign key ("created_by_user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "dispatch_entry" add constraint "dispatch_entry_correspondence_id_foreign" foreign key ("correspondence_id") references "correspondence" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "dispatch_entry" add constraint "dispatch_entry_dispatched_by_id_foreign" foreign key ("dispatched_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "signing_request_item" add constraint "signing_request_item_request_id_foreign" foreign key ("request_id") references "signing_request" ("id") on update cascade;`);
    this.addSql(`alter table "signing_request_item" add constraint "signing_request_item_file_id_foreign" foreign key ("file_id") references "efile" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "signing_request_item" add constraint "signing_request_item_note_id_foreign" foreign key ("note_id") references "note" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "signing_request_item" add constraint "signing_request_item_dispatch_id_foreign" foreign key ("dispatch_id") references "dispatch_entry" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "signing_request" drop constraint "signing_request_certificate_id_foreign";`);

    this.addSql(`alter table "note_signature" drop constraint "note_signature_certificate_id_foreign";`);

    this.addSql(`alter table "signing_request_item" drop constraint "signing_request_item_request_id_foreign";`);

    this.addSql(`alter table "signing_request_item" drop constraint "signing_request_item_dispatch_id_foreign";`);

    this.addSql(`drop table if exists "dispatch_counter" cascade;`);

    this.addSql(`drop table if exists "signing_certificate" cascade;`);

    this.addSql(`drop table if exists "signing_request" cascade;`);

    this.addSql(`drop table if exists "enrolment_challenge" cascade;`);

    this.addSql(`drop table if exists "note_signature" cascade;`);

    this.addSql(`drop table if exists "dispatch_entry" cascade;`);

    this.addSql(`drop table if exists "signing_request_item" cascade;`);

    this.addSql(`drop table if exists "verification_key" cascade;`);
  }

}
