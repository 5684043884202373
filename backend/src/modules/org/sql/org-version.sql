-- org_version: one number that changes whenever an office, section or post does (any statement on them, committed
-- or not), so that a process keeps the org snapshot (org-snapshot.ts loadOrg) and checks it with one tiny query
-- instead of reading every office, section and post for each request (126 ms at a state's 23,000 posts).
-- The number comes from a sequence, never handed out twice: a transaction that changed the org and rolled back
-- leaves a number no later state carries, so a snapshot it read (with its own uncommitted changes) is never served
-- to anybody else.
create sequence if not exists org_version_seq;
create table if not exists org_version (
  id boolean primary key default true check (id),
  n bigint not null
);
insert into org_version (id, n) values (true, nextval('org_version_seq')) on conflict (id) do nothing;

create or replace function org_changed() returns trigger language plpgsql as $$
begin
  update org_version set n = nextval('org_version_seq');
  return null;
end $$;

drop trigger if exists org_changed on office;
create trigger org_changed after insert or update or delete or truncate on office for each statement execute function org_changed();
drop trigger if exists org_changed on section;
create trigger org_changed after insert or update or delete or truncate on section for each statement execute function org_changed();
drop trigger if exists org_changed on post;
create trigger org_changed after insert or update or delete or truncate on post for each statement execute function org_changed();
