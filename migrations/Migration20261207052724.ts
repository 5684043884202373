import { Migration } from '@mikro-orm/migrations';

export class Migration20261207052724 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rts_appeal" ("id" uuid not null, "application_id" uuid not null, "number" varchar(80) not null, "grounds" varchar(10) not null, "by_applicant" boolean not null, "level" smallint not null, "status" varchar(10) not null, "holder_post_id" uuid not null, "office_id" uuid not null, "designated_post_id" uuid not null, "missed_on" date not null, "filed_at" timestamptz not null, "level_since" timestamptz not null, "due_date" date not null, "grievance" text null, "reply" text null, "replied_at" timestamptz null, "replied_by_user_id" uuid null, "decision" varchar(20) null, "decided_at" timestamptz null, "decided_by_post_id" uuid null, "decided_by_user_id" uuid null, "order_days" int null, "order_due_date" date null, "order_text" text null, "penalty_amount" int null, "penalty_reason" text null, "penalty_user_id" uuid null, "compensation_amount" int null, "version" int not null default 1, constraint "rts_appeal_pkey" primary key ("id"));`);
    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_number_unique" unique ("number");`);
    this.addSql(`create index "rts_appeal_office_id_index" on "rts_appeal" ("office_id");`);
    this.addSql(`create index "rts_appeal_designated_post_id_index" on "rts_appeal" ("designated_post_id");`);
    this.addSql(`create index "rts_appeal_pending_holder" on "rts_appeal" ("holder_post_id", "due_date") where status = 'pending';`);
    this.addSql(`create index "rts_appeal_pending_due" on "rts_appeal" ("due_date") where status = 'pending';`);
    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_application_id_grounds_unique" unique ("application_id", "grounds");`);

    this.addSql(`create table "rts_appeal_step" ("id" uuid not null, "appeal_id" uuid not null, "seq" int not null, "kind" varchar(12) not null, "level" smallint not null, "holder_post_id" uuid not null, "by_post_id" uuid null, "by_user_id" uuid null, "by_applicant" boolean not null default false, "remarks" text null, "at" timestamptz not null, constraint "rts_appeal_step_pkey" primary key ("id"));`);
    this.addSql(`alter table "rts_appeal_step" add constraint "rts_appeal_step_appeal_id_seq_unique" unique ("appeal_id", "seq");`);

    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`);
    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_designated_post_id_foreign" foreign key ("designated_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_replied_by_user_id_foreign" foreign key ("replied_by_user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_decided_by_post_id_foreign" foreign key ("decided_by_post_id") references "post" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_decided_by_user_id_foreign" foreign key ("decided_by_user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "rts_appeal" add constraint "rts_appeal_penalty_user_id_foreign" foreign key ("penalty_user_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "rts_appeal_step" add constraint "rts_appeal_step_appeal_id_foreign" foreign key ("appeal_id") references "rts_appeal" ("id") on update cascade;`);
    this.addSql(`alter table "rts_appeal_step" add constraint "rts_appeal_step_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "rts_appeal_step" add constraint "rts_appeal_step_by_post_id_foreign" foreign key ("by_post_id") references "post" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "rts_appeal_step" add constraint "rts_appeal_step_by_user_id_foreign" foreign key ("by_user_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "application" add column "rts_due_date" date null, add column "rts_days_left" int null, add column "on_time" boolean null;`);
    this.addSql(`create index "application_rts_due" on "application" ("rts_due_date") where status <> 'closed';`);
    // applications filed before the Right to Service clock: their timeline from the day they were filed (a
    // returned one resumes from its resubmission), and on time judged for those already disposed of
    this.addSql(`update "application" a set "rts_due_date" = pendency_add_days(a.office_id, (a.created_at at time zone 'Asia/Kolkata')::date, (v.definition->>'timelineDays')::int, 'working')
      from "service_version" v where v.id = a.service_version_id and a.status <> 'with_applicant';`);
    this.addSql(`update "application" set "on_time" = ((closed_at at time zone 'Asia/Kolkata')::date <= rts_due_date) where status = 'closed' and rts_due_date is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "rts_appeal_step" drop constraint "rts_appeal_step_appeal_id_foreign";`);

    this.addSql(`drop table if exists "rts_appeal" cascade;`);

    this.addSql(`drop table if exists "rts_appeal_step" cascade;`);

    this.addSql(`drop index "application_rts_due";`);
    this.addSql(`alter table "application" drop column "rts_due_date", drop column "rts_days_left", drop column "on_time";`);
  }

}
