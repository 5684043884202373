import { Migration } from '@mikro-orm/migrations';

export class Migration20261207023946 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "check_record" ("id" uuid not null, "post_id" uuid not null, "office_id" uuid not null, "user_id" uuid not null, "checked_at" timestamptz not null, "received_at" timestamptz not null, "kind" varchar(10) not null, "direction" varchar(3) null, "verdict" varchar(12) not null, "server_verdict" varchar(12) null, "offline" boolean not null, "document_id" uuid null, "reference_number" varchar(80) null, "token" text null, constraint "check_record_pkey" primary key ("id"));`);
    this.addSql(`create index "check_record_office_id_checked_at_index" on "check_record" ("office_id", "checked_at");`);
    this.addSql(`create index "check_record_document_id_checked_at_index" on "check_record" ("document_id", "checked_at");`);

    this.addSql(`alter table "check_record" add constraint "check_record_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "check_record" add constraint "check_record_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "check_record" add constraint "check_record_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "check_record" add constraint "check_record_document_id_foreign" foreign key ("document_id") references "issued_document" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "check_record" cascade;`);
  }

}
