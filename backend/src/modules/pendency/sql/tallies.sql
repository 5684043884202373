-- The dashboard counts from tallies: every change of a pendency_item row appends -1 for the old row
-- and +1 for the new to pendency_delta (insert-only, so concurrent moves never wait on each other
-- here); pendency_compact, run every minute by a job, folds the deltas into the per-post tallies.

create or replace function pendency_item_tally() returns trigger language plpgsql as $$
begin
  if TG_OP <> 'INSERT' then
    insert into pendency_delta (holder_post_id, origin_office_id, item_type, register, parked, graded, held_on, started_on, due_date, reason_until, n)
    values (OLD.holder_post_id, OLD.origin_office_id, OLD.item_type, coalesce(OLD.register, ''), OLD.parked, OLD.grading <> 'normal', OLD.held_on, OLD.started_on,
      coalesce(OLD.due_date, 'infinity'), coalesce(OLD.reason_until, '-infinity'), -1);
  end if;
  if TG_OP <> 'DELETE' then
    insert into pendency_delta (holder_post_id, origin_office_id, item_type, register, parked, graded, held_on, started_on, due_date, reason_until, n)
    values (NEW.holder_post_id, NEW.origin_office_id, NEW.item_type, coalesce(NEW.register, ''), NEW.parked, NEW.grading <> 'normal', NEW.held_on, NEW.started_on,
      coalesce(NEW.due_date, 'infinity'), coalesce(NEW.reason_until, '-infinity'), 1);
  end if;
  return null;
end $$;

create or replace trigger pendency_item_tally_insert after insert on pendency_item for each row execute function pendency_item_tally();

create or replace trigger pendency_item_tally_delete after delete on pendency_item for each row execute function pendency_item_tally();

create or replace trigger pendency_item_tally_update after update on pendency_item for each row
  when ((old.holder_post_id, old.origin_office_id, old.item_type, old.register, old.parked, old.grading, old.held_on, old.started_on, old.due_date, old.reason_until)
    is distinct from (new.holder_post_id, new.origin_office_id, new.item_type, new.register, new.parked, new.grading, new.held_on, new.started_on, new.due_date, new.reason_until))
  execute function pendency_item_tally();

create or replace function pendency_compact() returns int language plpgsql as $$
-- Folds the change log into the tallies. Days older than the horizon only ever count as "over 30 days"
-- (and due dates that old only as overdue), so they are kept as one '-infinity' row per key: the
-- tallies stay at about (posts x 6 weeks) rows however long items are kept.
declare folded int; horizon date := current_date - 40;
begin
  with d as (delete from pendency_delta returning *),
  h as (insert into pendency_tally_held (holder_post_id, item_type, register, parked, graded, held_on, n)
        select holder_post_id, item_type, register, parked, graded, case when held_on < horizon then '-infinity' else held_on end, sum(n) from d group by 1, 2, 3, 4, 5, 6
        on conflict (holder_post_id, item_type, register, parked, graded, held_on) do update set n = pendency_tally_held.n + excluded.n),
  s as (insert into pendency_tally_started (holder_post_id, item_type, register, started_on, n)
        select holder_post_id, item_type, register, case when started_on < horizon then '-infinity' else started_on end, sum(n) from d group by 1, 2, 3, 4
        on conflict (holder_post_id, item_type, register, started_on) do update set n = pendency_tally_started.n + excluded.n),
  u as (insert into pendency_tally_due (holder_post_id, item_type, register, due_date, reason_until, n)
        select holder_post_id, item_type, register, case when due_date < horizon then '-infinity' else due_date end,
          case when reason_until < horizon then '-infinity' else reason_until end, sum(n) from d group by 1, 2, 3, 4, 5
        on conflict (holder_post_id, item_type, register, due_date, reason_until) do update set n = pendency_tally_due.n + excluded.n),
  o as (insert into pendency_tally_origin (origin_office_id, item_type, register, n)
        select origin_office_id, item_type, register, sum(n) from d group by 1, 2, 3
        on conflict (origin_office_id, item_type, register) do update set n = pendency_tally_origin.n + excluded.n)
  select count(*) into folded from d;
  -- rows that have aged past the horizon since they were written join their '-infinity' row
  with old as (delete from pendency_tally_held where held_on < horizon and held_on <> '-infinity' returning *)
  insert into pendency_tally_held (holder_post_id, item_type, register, parked, graded, held_on, n)
  select holder_post_id, item_type, register, parked, graded, '-infinity', sum(n) from old group by 1, 2, 3, 4, 5
  on conflict (holder_post_id, item_type, register, parked, graded, held_on) do update set n = pendency_tally_held.n + excluded.n;
  with old as (delete from pendency_tally_started where started_on < horizon and started_on <> '-infinity' returning *)
  insert into pendency_tally_started (holder_post_id, item_type, register, started_on, n)
  select holder_post_id, item_type, register, '-infinity', sum(n) from old group by 1, 2, 3
  on conflict (holder_post_id, item_type, register, started_on) do update set n = pendency_tally_started.n + excluded.n;
  with old as (delete from pendency_tally_due where (due_date < horizon and due_date <> '-infinity') or (reason_until < horizon and reason_until <> '-infinity') returning *)
  insert into pendency_tally_due (holder_post_id, item_type, register, due_date, reason_until, n)
  select holder_post_id, item_type, register, case when due_date < horizon then '-infinity' else due_date end, case when reason_until < horizon then '-infinity' else reason_until end, sum(n)
  from old group by 1, 2, 3, 4, 5
  on conflict (holder_post_id, item_type, register, due_date, reason_until) do update set n = pendency_tally_due.n + excluded.n;
  delete from pendency_tally_held where n = 0;
  delete from pendency_tally_started where n = 0;
  delete from pendency_tally_due where n = 0;
  delete from pendency_tally_origin where n = 0;
  return folded;
end $$;
