import { Migration } from '@mikro-orm/migrations';

export class Migration20261207023201 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "issued_document" ("id" uuid not null, "application_id" uuid not null, "office_id" uuid not null, "kind" varchar(20) not null, "reference_number" varchar(80) not null, "holder_name" varchar(200) not null, "claims" jsonb not null, "token" text not null, "link_id" varchar(32) not null, "valid_from" varchar(16) not null, "valid_until" varchar(16) null, "signer" varchar(10) not null, "status" varchar(10) not null, "object_key" varchar(300) null, "sha256" varchar(64) null, "issued_by_post_id" uuid not null, "issued_by_user_id" uuid null, "issued_at" timestamptz not null, "signed_at" timestamptz null, "cancelled_at" timestamptz null, "cancelled_by_post_id" uuid null, "cancel_reason" text null, "version" int not null default 1, constraint "issued_document_pkey" primary key ("id"));`);
    this.addSql(`create index "issued_document_application_id_index" on "issued_document" ("application_id");`);
    this.addSql(`create index "issued_document_reference_number_index" on "issued_document" ("reference_number");`);
    this.addSql(`alter table "issued_document" add constraint "issued_document_link_id_unique" unique ("link_id");`);
    this.addSql(`create index "issued_document_office_id_issued_at_index" on "issued_document" ("office_id", "issued_at");`);
    this.addSql(`create index "issued_document_status_cancelled_at_index" on "issued_document" ("status", "cancelled_at");`);

    this.addSql(`alter table "issued_document" add constraint "issued_document_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`);
    this.addSql(`alter table "issued_document" add constraint "issued_document_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "issued_document" add constraint "issued_document_issued_by_post_id_foreign" foreign key ("issued_by_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "issued_document" add constraint "issued_document_issued_by_user_id_foreign" foreign key ("issued_by_user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "issued_document" add constraint "issued_document_cancelled_by_post_id_foreign" foreign key ("cancelled_by_post_id") references "post" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "issued_document" cascade;`);
  }

}
