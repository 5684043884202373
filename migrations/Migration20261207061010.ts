import { Migration } from '@mikro-orm/migrations';

/**
 * The RTS dashboard (rts/dashboard): indexes of its drill-down on application, its monthly tallies
 * (kept by the triggers of the migration before, sql/rts-tally.sql) at four levels — the full key
 * (month, service, office, designated post) and per service, per office, per office and post — with the
 * processing-days histogram for exact medians, and their backfill from the applications and appeals already there.
 */
export class Migration20261207061010 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "application_rts_received" on "application" ("created_at");`);
    this.addSql(`create index "application_rts_office_received" on "application" ("office_id", "created_at");`);
    this.addSql(`create index "application_rts_service_received" on "application" ("service_id", "created_at");`);
    this.addSql(`create index "application_rts_disposed" on "application" ("closed_at") where status = 'closed';`);
    this.addSql(`create index "application_rts_office_disposed" on "application" ("office_id", "closed_at") where status = 'closed';`);
    this.addSql(`create index "application_rts_service_disposed" on "application" ("service_id", "closed_at") where status = 'closed';`);
    this.addSql(`create index "application_rts_pending" on "application" ("office_id", "service_id", "origin_post_id", "rts_due_date") where status <> 'closed';`);
    this.addSql(`create index "application_rts_rated" on "application" ("office_id", "closed_at") where rating is not null;`);
    this.addSql(`create table "rts_tally" (
      "level" char(1) not null, "month" date not null, "service_id" uuid not null, "office_id" uuid not null, "post_id" uuid not null,
      "received" int not null default 0, "disposed" int not null default 0, "on_time" int not null default 0, "days_sum" bigint not null default 0,
      "rated" int not null default 0, "rating_sum" int not null default 0, "r1" int not null default 0, "r2" int not null default 0, "r3" int not null default 0,
      "r4" int not null default 0, "r5" int not null default 0, "filed1" int not null default 0, "filed2" int not null default 0, "filed3" int not null default 0,
      "decided1" int not null default 0, "decided2" int not null default 0, "decided3" int not null default 0, "penalties" int not null default 0,
      "penalty_amount" bigint not null default 0, "compensations" int not null default 0, "compensation_amount" bigint not null default 0,
      constraint "rts_tally_pkey" primary key ("level", "month", "service_id", "office_id", "post_id"));`);
    this.addSql(`create index "rts_tally_office" on "rts_tally" ("level", "office_id", "month");`);
    this.addSql(`create index "rts_tally_service" on "rts_tally" ("level", "service_id", "month");`);
    this.addSql(`create table "rts_days" ("level" char(1) not null, "month" date not null, "service_id" uuid not null, "office_id" uuid not null, "post_id" uuid not null,
      "days" int not null, "n" int not null default 0, constraint "rts_days_pkey" primary key ("level", "month", "service_id", "office_id", "post_id", "days"));`);
    this.addSql(`create index "rts_days_office" on "rts_days" ("level", "office_id", "month");`);
    this.addSql(`create index "rts_days_service" on "rts_days" ("level", "service_id", "month");`);
    this.addSql(`create index "rts_days_post" on "rts_days" ("level", "post_id", "month");`);
    this.addSql(`select rts_tally_rebuild();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rts_days";`);
    this.addSql(`drop table if exists "rts_tally";`);
    this.addSql(`drop index "application_rts_received";`);
    this.addSql(`drop index "application_rts_office_received";`);
    this.addSql(`drop index "application_rts_service_received";`);
    this.addSql(`drop index "application_rts_disposed";`);
    this.addSql(`drop index "application_rts_office_disposed";`);
    this.addSql(`drop index "application_rts_service_disposed";`);
    this.addSql(`drop index "application_rts_pending";`);
    this.addSql(`drop index "application_rts_rated";`);
  }

}
