import { Migration } from '@mikro-orm/migrations';

/**
 * The audit chain is linked after commit instead of under a lock inside every change: a change
 * inserts its row unchained; the chainer fills in chain_no, prev_hash and hash once. Rows chained
 * until now were linked in seq order, so their chain position is their seq.
 */
export class Migration20261123004319 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_event" add column "chain_no" bigint null;`);
    this.addSql(`alter table "audit_event" alter column "prev_hash" drop not null;`);
    this.addSql(`alter table "audit_event" alter column "hash" drop not null;`);
    this.addSql(`alter table "audit_event" disable trigger audit_event_no_update;`);
    this.addSql(`update "audit_event" set "chain_no" = "seq";`);
    this.addSql(`alter table "audit_event" enable trigger audit_event_no_update;`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_chain_no_unique" unique ("chain_no");`);
    // nothing looks a row up by its hash; the index only cost every append and every chaining
    this.addSql(`alter table "audit_event" drop constraint "audit_event_hash_unique";`);
    this.addSql(`create index "audit_event_unchained" on "audit_event" ("seq") where "hash" is null;`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_chained_whole" check (("chain_no" is null) = ("hash" is null) and ("hash" is null) = ("prev_hash" is null));`);
    // the one UPDATE allowed: an unchained row gets its place in the chain, its content untouched
    this.addSql(`create or replace function audit_event_refuse_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.hash is null and new.hash is not null
     and (new.seq, new.at, new.actor_user_id, new.actor_label, new.actor_post_id, new.action, new.object_type, new.object_id, new.details, new.client_ip)
         is not distinct from (old.seq, old.at, old.actor_user_id, old.actor_label, old.actor_post_id, old.action, old.object_type, old.object_id, old.details, old.client_ip) then
    return new;
  end if;
  raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function audit_event_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;`);
    this.addSql(`alter table "audit_event" drop constraint "audit_event_chained_whole";`);
    this.addSql(`alter table "audit_event" drop constraint "audit_event_chain_no_unique";`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_hash_unique" unique ("hash");`);
    this.addSql(`drop index "audit_event_unchained";`);
    this.addSql(`alter table "audit_event" drop column "chain_no";`);
    this.addSql(`alter table "audit_event" alter column "prev_hash" set not null;`);
    this.addSql(`alter table "audit_event" alter column "hash" set not null;`);
  }

}
