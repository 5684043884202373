import { Migration } from '@mikro-orm/migrations';

export class Migration20261206232633 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "application" ("id" uuid not null, "reference_number" varchar(80) not null, "service_id" uuid not null, "service_version_id" uuid not null, "office_id" uuid not null, "subject" text not null, "category" varchar(80) not null, "grading" varchar(20) not null, "priority" varchar(20) not null, "due_date" date null, "status" varchar(20) not null, "stage" varchar(30) not null, "channel" varchar(10) not null, "applicant_id" uuid null, "applicant_name" varchar(200) not null, "applicant_mobile" varchar(10) not null, "applicant_locale" varchar(2) not null, "filed_by_post_id" uuid null, "filed_by_user_id" uuid null, "data" jsonb not null, "area_id" uuid null, "origin_post_id" uuid not null, "created_by_post_id" uuid not null, "holder_post_id" uuid not null, "held_since" timestamptz not null, "opened_at" timestamptz null, "parked_at" timestamptz null, "closed_at" timestamptz null, "clock_left" int null, "valid_from" date null, "valid_until" date null, "rating" int null, "feedback" text null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "application_pkey" primary key ("id"));`);
    this.addSql(`alter table "application" add constraint "application_reference_number_unique" unique ("reference_number");`);
    this.addSql(`create index "application_office_id_index" on "application" ("office_id");`);
    this.addSql(`create index "application_inbox_priority" on "application" ("holder_post_id", (case priority when 'most_immediate' then 0 when 'immediate' then 1 else 2 end), "held_since") where status = 'open' and parked_at is null;`);
    this.addSql(`create index "application_inbox_received" on "application" ("holder_post_id", "held_since") where status = 'open' and parked_at is null;`);
    this.addSql(`create index "application_applicant_id_created_at_index" on "application" ("applicant_id", "created_at");`);
    this.addSql(`create index "application_service_id_applicant_mobile_index" on "application" ("service_id", "applicant_mobile");`);

    this.addSql(`create table "application_upload" ("id" uuid not null, "applicant_id" uuid null, "post_id" uuid null, "application_id" uuid null, "field" varchar(40) null, "name" varchar(300) not null, "mime" varchar(100) not null, "size" int not null, "pages" int not null, "sha256" varchar(64) not null, "object_key" varchar(300) not null, "created_at" timestamptz not null, constraint "application_upload_pkey" primary key ("id"));`);
    this.addSql(`create index "application_upload_applicant_id_index" on "application_upload" ("applicant_id");`);
    this.addSql(`create index "application_upload_post_id_index" on "application_upload" ("post_id");`);
    this.addSql(`create index "application_upload_application_id_index" on "application_upload" ("application_id");`);

    this.addSql(`create table "application_step" ("id" uuid not null, "application_id" uuid not null, "seq" int not null, "action" varchar(40) not null, "from_stage" varchar(30) null, "to_stage" varchar(30) not null, "by_post_id" uuid null, "by_user_id" uuid null, "by_applicant" boolean not null default false, "holder_post_id" uuid not null, "reason" varchar(40) null, "remarks" text null, "report" jsonb null, "at" timestamptz not null, constraint "application_step_pkey" primary key ("id"));`);
    this.addSql(`alter table "application_step" add constraint "application_step_application_id_seq_unique" unique ("application_id", "seq");`);

    this.addSql(`alter table "application" add constraint "application_service_id_foreign" foreign key ("service_id") references "service" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_service_version_id_foreign" foreign key ("service_version_id") references "service_version" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_applicant_id_foreign" foreign key ("applicant_id") references "applicant" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "application" add constraint "application_filed_by_post_id_foreign" foreign key ("filed_by_post_id") references "post" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "application" add constraint "application_filed_by_user_id_foreign" foreign key ("filed_by_user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "application" add constraint "application_origin_post_id_foreign" foreign key ("origin_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_created_by_post_id_foreign" foreign key ("created_by_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade;`);

    this.addSql(`alter table "application_upload" add constraint "application_upload_applicant_id_foreign" foreign key ("applicant_id") references "applicant" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "application_upload" add constraint "application_upload_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "application_upload" add constraint "application_upload_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "application_step" add constraint "application_step_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`);
    this.addSql(`alter table "application_step" add constraint "application_step_by_post_id_foreign" foreign key ("by_post_id") references "post" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "application_step" add constraint "application_step_by_user_id_foreign" foreign key ("by_user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "application_step" add constraint "application_step_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "application_upload" drop constraint "application_upload_application_id_foreign";`);

    this.addSql(`alter table "application_step" drop constraint "application_step_application_id_foreign";`);

    this.addSql(`drop table if exists "application" cascade;`);

    this.addSql(`drop table if exists "application_upload" cascade;`);

    this.addSql(`drop table if exists "application_step" cascade;`);
  }

}
