import { Migration } from '@mikro-orm/migrations';

/**
 * The RTS dashboard's month stamps (what a process keeps of finished months is read again when one
 * moves on: sql/rts-tally.sql, rts_touch), and its tallies laid out in key order with room for updates
 * in place, so that a month's rows of one level sit on few pages.
 */
export class Migration20261207063000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "rts_month_stamp" ("month" date not null, "changed" bigint not null default 0, constraint "rts_month_stamp_pkey" primary key ("month"));`);
    this.addSql(`insert into "rts_month_stamp" ("month", "changed") select distinct "month", 1 from "rts_tally" on conflict do nothing;`);
    this.addSql(`alter table "rts_tally" set (fillfactor = 70);`);
    this.addSql(`alter table "rts_days" set (fillfactor = 70);`);
    this.addSql(`cluster "rts_tally" using "rts_tally_pkey";`);
    this.addSql(`cluster "rts_days" using "rts_days_pkey";`);
    this.addSql(`analyze "rts_tally", "rts_days";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rts_month_stamp";`);
  }
}
