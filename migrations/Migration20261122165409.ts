import { Migration } from '@mikro-orm/migrations';

/** What the entity diff cannot express: audit immutability, Socket.IO adapter and rate-limiter tables. */
export class Migration20261122165409 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function audit_event_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;`);
    this.addSql(`create trigger audit_event_no_update before update or delete on "audit_event" for each row execute function audit_event_refuse_change();`);
    this.addSql(`create trigger audit_event_no_truncate before truncate on "audit_event" for each statement execute function audit_event_refuse_change();`);

    // @socket.io/postgres-adapter stores large packets here; created once, not raced by nodes at start.
    this.addSql(`create table if not exists "socket_io_attachments" ("id" bigserial unique, "created_at" timestamptz default now(), "payload" bytea);`);

    // rate-limiter-flexible (RateLimiterPostgres, tableCreated: true) keeps login failure counters here.
    this.addSql(`create table if not exists "rate_limit" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint);`);

    this.addSql(`create index "charge_current_index" on "charge" ("user_id", "post_id") where "to_date" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "charge_current_index";`);
    this.addSql(`drop table if exists "rate_limit";`);
    this.addSql(`drop table if exists "socket_io_attachments";`);
    this.addSql(`drop trigger if exists audit_event_no_truncate on "audit_event";`);
    this.addSql(`drop trigger if exists audit_event_no_update on "audit_event";`);
    this.addSql(`drop function if exists audit_event_refuse_change();`);
  }
}
