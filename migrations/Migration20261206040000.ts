import { Migration } from '@mikro-orm/migrations';

/**
 * Least privilege for the running application. Migrations run as the role that owns the schema;
 * the application connects as `patravali_app`, which owns nothing, is no superuser and gets only
 * the DML it needs — so it cannot switch the audit triggers off, truncate, or rewrite the chain.
 *
 * - The role is created here (NOLOGIN) when missing, so an upgraded database gets it; the embedded
 *   PostgreSQL gives it LOGIN and a generated password at start, an external one's DBA does
 *   (or grants `patravali_app` to the login role the application uses).
 * - Tables and sequences: grants on what exists now, and default privileges so tables the owner
 *   creates later (new migrations, pg-boss's per-queue partitions) get them too.
 * - audit_event: SELECT, and INSERT of the content columns only (never seq, chain_no, prev_hash,
 *   hash). A row arrives unchained and stamped with the database's clock. The one filling-in of an
 *   unchained row happens in audit_chain_link(), a SECURITY DEFINER function that takes the next
 *   chain numbers itself and links to the current head; the application has no UPDATE on the table.
 * - mikro_orm_migrations: SELECT only (a node without the owner's password can see that nothing is
 *   pending; a forged row there would make the owner skip a migration).
 */
export class Migration20261206040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`do $$
begin
  if not exists (select from pg_roles where rolname = 'patravali_app') then
    begin
      create role patravali_app nologin;
    exception
      when duplicate_object or unique_violation then null; -- another database of this cluster made it first
      when insufficient_privilege then
        raise exception 'role patravali_app is missing and % may not create roles', current_user
          using hint = 'as a superuser: create role patravali_app login password ''…''; then start again (see README, "Database roles")';
    end;
  end if;
end $$;`);

    for (const schema of ['public', 'pgboss']) {
      this.addSql(`create schema if not exists ${schema};`);
      this.addSql(`grant usage on schema ${schema} to patravali_app;`);
      this.addSql(`grant select, insert, update, delete on all tables in schema ${schema} to patravali_app;`);
      this.addSql(`grant usage, select on all sequences in schema ${schema} to patravali_app;`);
      this.addSql(`alter default privileges in schema ${schema} grant select, insert, update, delete on tables to patravali_app;`);
      this.addSql(`alter default privileges in schema ${schema} grant usage, select on sequences to patravali_app;`);
    }
    this.addSql(`revoke all on "mikro_orm_migrations" from patravali_app;`);
    this.addSql(`grant select on "mikro_orm_migrations" to patravali_app;`);

    this.addSql(`revoke all on "audit_event" from patravali_app;`);
    this.addSql(`grant select on "audit_event" to patravali_app;`);
    this.addSql(`grant insert ("at", "actor_user_id", "actor_label", "actor_post_id", "action", "object_type", "object_id", "details", "client_ip") on "audit_event" to patravali_app;`);

    // A row arrives unchained and dated by the database (a forged row cannot be backdated).
    this.addSql(`create or replace function audit_event_on_insert() returns trigger language plpgsql as $$
begin
  if new.chain_no is not null or new.prev_hash is not null or new.hash is not null then
    raise exception 'audit_event: a row is inserted unchained; the chainer links it' using errcode = 'insufficient_privilege';
  end if;
  new.at := date_trunc('milliseconds', clock_timestamp());
  return new;
end $$;`);
    this.addSql(`create trigger audit_event_on_insert before insert on "audit_event" for each row execute function audit_event_on_insert();`);

    // The chainer's filling-in. The caller computes the hashes (hashAuditRow in Node: the canonical
    // JSON stays in one place) and says which head it linked to; this function checks that head under
    // the chain lock, gives the rows the next chain numbers in the order given, and refuses rows that
    // are chained already, repeated, or a hash that is not 64 hex digits.
    this.addSql(`create or replace function audit_chain_link(after_no bigint, after_hash text, seqs bigint[], hashes text[]) returns integer
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  head_no bigint;
  head_hash text;
  n integer;
  want integer := coalesce(array_length(seqs, 1), 0);
begin
  if want <> coalesce(array_length(hashes, 1), 0) then
    raise exception 'audit_chain_link: % rows but % hashes', want, coalesce(array_length(hashes, 1), 0);
  end if;
  if want = 0 then
    return 0;
  end if;
  if exists (select from unnest(hashes) h where h is null or h !~ '^[0-9a-f]{64}$') then
    raise exception 'audit_chain_link: every hash is 64 lower-case hex digits';
  end if;
  perform pg_advisory_xact_lock(7331002);
  select a.chain_no, a.hash into head_no, head_hash from public.audit_event a where a.chain_no is not null order by a.chain_no desc limit 1;
  if coalesce(head_no, 0) <> after_no or coalesce(head_hash, repeat('0', 64)) <> after_hash then
    raise exception 'audit_chain_link: the chain head is #% %, not #% %', coalesce(head_no, 0), coalesce(head_hash, repeat('0', 64)), after_no, after_hash
      using errcode = 'serialization_failure';
  end if;
  with v as (
    select s.seq, s.hash, s.ord, coalesce(lag(s.hash) over (order by s.ord), after_hash) as prev
    from unnest(seqs, hashes) with ordinality as s(seq, hash, ord)
  )
  update public.audit_event a set chain_no = after_no + v.ord, prev_hash = v.prev, hash = v.hash
  from v where a.seq = v.seq and a.hash is null;
  get diagnostics n = row_count;
  if n <> want then
    raise exception 'audit_chain_link: only % of % rows are waiting to be chained', n, want;
  end if;
  return n;
end $$;`);
    this.addSql(`revoke all on function audit_chain_link(bigint, text, bigint[], text[]) from public;`);
    this.addSql(`grant execute on function audit_chain_link(bigint, text, bigint[], text[]) to patravali_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists audit_chain_link(bigint, text, bigint[], text[]);`);
    this.addSql(`drop trigger if exists audit_event_on_insert on "audit_event";`);
    this.addSql(`drop function if exists audit_event_on_insert();`);
    for (const schema of ['public', 'pgboss']) {
      this.addSql(`alter default privileges in schema ${schema} revoke all on tables from patravali_app;`);
      this.addSql(`alter default privileges in schema ${schema} revoke all on sequences from patravali_app;`);
      this.addSql(`revoke all on all tables in schema ${schema} from patravali_app;`);
      this.addSql(`revoke all on all sequences in schema ${schema} from patravali_app;`);
      this.addSql(`revoke all on schema ${schema} from patravali_app;`);
    }
    // the role itself stays: it belongs to the cluster, and other databases may use it
  }

}
