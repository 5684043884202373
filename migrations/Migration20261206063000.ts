import { Migration } from '@mikro-orm/migrations';

/**
 * One gap-free counter for every numbered series (shared/counter.ts): diary numbers, file serials and
 * issue numbers move from their three tables into `counter`, keyed by series, scope and year, with
 * their last numbers; the next series (application reference numbers) needs no table of its own.
 */
export class Migration20261206063000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "counter" ("series" varchar(20) not null, "scope_id" uuid not null, "year" int not null, "last_number" int not null, constraint "counter_pkey" primary key ("series", "scope_id", "year"));`);
    this.addSql(`insert into "counter" ("series", "scope_id", "year", "last_number")
  select 'diary', "office_id", "year", "last_seq" from "diary_counter"
  union all select 'file', "head_id", "year", "last_seq" from "file_counter"
  union all select 'issue', "office_id", "year", "last_serial" from "dispatch_counter";`);
    this.addSql(`drop table if exists "diary_counter" cascade;`);
    this.addSql(`drop table if exists "file_counter" cascade;`);
    this.addSql(`drop table if exists "dispatch_counter" cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create table "diary_counter" ("office_id" uuid not null, "year" int not null, "last_seq" int not null, constraint "diary_counter_pkey" primary key ("office_id", "year"));`);
    this.addSql(`alter table "diary_counter" add constraint "diary_counter_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`create table "file_counter" ("head_id" uuid not null, "year" int not null, "last_seq" int not null, constraint "file_counter_pkey" primary key ("head_id", "year"));`);
    this.addSql(`alter table "file_counter" add constraint "file_counter_head_id_foreign" foreign key ("head_id") references "file_head" ("id") on update cascade;`);
    this.addSql(`create table "dispatch_counter" ("office_id" uuid not null, "year" int not null, "last_serial" int not null, constraint "dispatch_counter_pkey" primary key ("office_id", "year"));`);
    this.addSql(`alter table "dispatch_counter" add constraint "dispatch_counter_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`insert into "diary_counter" ("office_id", "year", "last_seq") select "scope_id", "year", "last_number" from "counter" where "series" = 'diary';`);
    this.addSql(`insert into "file_counter" ("head_id", "year", "last_seq") select "scope_id", "year", "last_number" from "counter" where "series" = 'file';`);
    this.addSql(`insert into "dispatch_counter" ("office_id", "year", "last_serial") select "scope_id", "year", "last_number" from "counter" where "series" = 'issue';`);
    this.addSql(`drop table if exists "counter" cascade;`);
  }
}
