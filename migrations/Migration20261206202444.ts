import { Migration } from '@mikro-orm/migrations';

export class Migration20261206202444 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "applicant" ("id" uuid not null, "mobile" varchar(10) not null, "name" varchar(200) null, "locale" varchar(2) not null, "created_at" timestamptz not null, "last_sign_in_at" timestamptz not null, constraint "applicant_pkey" primary key ("id"));`);
    this.addSql(`alter table "applicant" add constraint "applicant_mobile_unique" unique ("mobile");`);

    this.addSql(`create table "applicant_otp" ("id" uuid not null, "mobile" varchar(10) not null, "code_hash" varchar(200) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "tries_left" int not null, "spent_at" timestamptz null, "client_ip" varchar(64) not null, constraint "applicant_otp_pkey" primary key ("id"));`);
    this.addSql(`create index "applicant_otp_mobile_index" on "applicant_otp" ("mobile");`);

    this.addSql(`create table "applicant_session" ("id" varchar(64) not null, "applicant_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "client_ip" varchar(64) not null, constraint "applicant_session_pkey" primary key ("id"));`);
    this.addSql(`create index "applicant_session_applicant_id_index" on "applicant_session" ("applicant_id");`);
    this.addSql(`create index "applicant_session_expires_at_index" on "applicant_session" ("expires_at");`);

    this.addSql(`alter table "applicant_session" add constraint "applicant_session_applicant_id_foreign" foreign key ("applicant_id") references "applicant" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "applicant_session" drop constraint "applicant_session_applicant_id_foreign";`);

    this.addSql(`drop table if exists "applicant" cascade;`);

    this.addSql(`drop table if exists "applicant_otp" cascade;`);

    this.addSql(`drop table if exists "applicant_session" cascade;`);
  }

}
