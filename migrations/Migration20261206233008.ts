import { Migration } from '@mikro-orm/migrations';

/**
 * Installs backend/src/modules/pendency/sql/calendar.sql, backend/src/modules/pendency/sql/pendency-item.sql, backend/src/modules/pendency/sql/pendency-source.sql, backend/src/modules/pendency/sql/tallies.sql as they read when this migration was written
 * (db/sql-migration.ts): the files are the readable current definitions, this copy never changes.
 */
export class Migration20261206233008 extends Migration {
  static readonly sqlFiles: Readonly<Record<string, string>> = {
    'backend/src/modules/pendency/sql/calendar.sql': `-- Working-day arithmetic on the calendars the application generates into pendency_working_day
-- (pendency-maintenance.ts regenerateCalendars): "N working days after a day" is the working day whose
-- ord is ord(day) + N, a lookup.

create or replace function pendency_add_days(p_office uuid, p_day date, p_n int, p_kind text) returns date language sql stable as $$
  select case
    when p_day is null or p_n is null then null
    when p_kind = 'calendar' then p_day + p_n
    else coalesce(
      (select w2.day from pendency_working_day w1
         join pendency_working_day w2 on w2.office_id = w1.office_id and w2.working and w2.ord = w1.ord + p_n
        where w1.office_id = p_office and w1.day = p_day),
      -- outside the generated calendar (or an office added since it was generated): Sundays off only
      case when p_n <= 0 then p_day + p_n else
        (select g::date from generate_series(p_day + 1, p_day + p_n * 2 + 7, interval '1 day') g where extract(isodow from g) <> 7 order by g offset p_n - 1 limit 1) end)
  end $$;

create or replace function pendency_working_between(p_office uuid, p_from date, p_to date) returns int language sql stable as $$
  select coalesce(
    (select t.ord - f.ord from pendency_working_day f join pendency_working_day t on t.office_id = f.office_id and t.day = p_to where f.office_id = p_office and f.day = p_from),
    (select count(*)::int * sign(p_to - p_from)::int from generate_series(least(p_from, p_to) + 1, greatest(p_from, p_to), interval '1 day') g where extract(isodow from g) <> 7))
$$;
`,
    'backend/src/modules/pendency/sql/pendency-item.sql': `-- pendency_item follows the items in the same transaction as every change to them: triggers on receipt,
-- efile and application recompute an item's row from pendency_source (and log when it became or stopped being
-- pending); an item's access list and its holder's office and section follow it too.

-- The refresh keeps its generic plan: with the item type as a parameter PostgreSQL planned the view
-- afresh on every call (a custom plan, ~0.4 ms, most of the refresh); the generic plan prunes the other
-- item type's branch at run time just as well.
create or replace function pendency_refresh(p_type varchar, p_id uuid) returns void language plpgsql
set plan_cache_mode = force_generic_plan as $$
begin
  insert into pendency_item (item_type, item_id, office_id, section_id, holder_post_id, held_since, held_on, started_on, origin_office_id, priority, grading, category,
    register, parked, explicit_due, rule_due, register_due, due_date, due_source, remind_on, reason_until, access_posts)
  select item_type, item_id, office_id, section_id, holder_post_id, held_since, held_on, started_on, origin_office_id, priority, grading, category,
    register, parked, explicit_due, rule_due, register_due, due_date, due_source, remind_on, reason_until, access_posts
  from pendency_source where item_type = p_type and item_id = p_id
  on conflict (item_type, item_id) do update set office_id = excluded.office_id, section_id = excluded.section_id, holder_post_id = excluded.holder_post_id,
    held_since = excluded.held_since, held_on = excluded.held_on, started_on = excluded.started_on, origin_office_id = excluded.origin_office_id,
    priority = excluded.priority, grading = excluded.grading, category = excluded.category, register = excluded.register, parked = excluded.parked,
    explicit_due = excluded.explicit_due, rule_due = excluded.rule_due, register_due = excluded.register_due, due_date = excluded.due_date,
    due_source = excluded.due_source, remind_on = excluded.remind_on, reason_until = excluded.reason_until, access_posts = excluded.access_posts;
  if not found then
    delete from pendency_item where item_type = p_type and item_id = p_id;
  end if;
end $$;

create or replace function pendency_item_changed() returns trigger language plpgsql as $$
declare
  live_now boolean := case when TG_TABLE_NAME = 'receipt' then NEW.status in ('draft', 'diarised') else NEW.status = 'open' end;
  live_before boolean := TG_OP = 'UPDATE' and (case when TG_TABLE_NAME = 'receipt' then OLD.status in ('draft', 'diarised') else OLD.status = 'open' end);
  t varchar(10) := case TG_TABLE_NAME when 'receipt' then 'receipt' when 'efile' then 'file' else 'appln' end;
begin
  perform pendency_refresh(t, NEW.id);
  if live_now and not live_before then
    insert into pendency_event (at, item_type, item_id, kind, origin_office_id, post_id) values (now(), t, NEW.id, 'received', NEW.office_id, NEW.holder_post_id);
  elsif live_before and not live_now then
    insert into pendency_event (at, item_type, item_id, kind, origin_office_id, post_id) values (now(), t, NEW.id, 'disposed', NEW.office_id, NEW.holder_post_id);
  end if;
  return null;
end $$;

create or replace trigger pendency_receipt_insert after insert on receipt for each row execute function pendency_item_changed();

create or replace trigger pendency_receipt_update after update of holder_post_id, held_since, status, parked_at, due_date, priority, category, grading, received_date on receipt for each row
  when ((old.holder_post_id, old.held_since, old.status, old.parked_at, old.due_date, old.priority, old.category, old.grading, old.received_date)
    is distinct from (new.holder_post_id, new.held_since, new.status, new.parked_at, new.due_date, new.priority, new.category, new.grading, new.received_date))
  execute function pendency_item_changed();

create or replace trigger pendency_efile_insert after insert on efile for each row execute function pendency_item_changed();

create or replace trigger pendency_efile_update after update of holder_post_id, held_since, status, parked_at, due_date, priority, category, grading on efile for each row
  when ((old.holder_post_id, old.held_since, old.status, old.parked_at, old.due_date, old.priority, old.category, old.grading)
    is distinct from (new.holder_post_id, new.held_since, new.status, new.parked_at, new.due_date, new.priority, new.category, new.grading))
  execute function pendency_item_changed();

create or replace trigger pendency_application_insert after insert on application for each row execute function pendency_item_changed();

create or replace trigger pendency_application_update after update of holder_post_id, held_since, status, parked_at, due_date, priority, category, grading on application for each row
  when ((old.holder_post_id, old.held_since, old.status, old.parked_at, old.due_date, old.priority, old.category, old.grading)
    is distinct from (new.holder_post_id, new.held_since, new.status, new.parked_at, new.due_date, new.priority, new.category, new.grading))
  execute function pendency_item_changed();

create or replace function pendency_access_changed() returns trigger language plpgsql as $$
begin
  update pendency_item pi set access_posts = (select array_agg(a.post_id order by a.post_id) from item_access a where a.item_type = NEW.item_type and a.item_id = NEW.item_id)
  where pi.item_type = NEW.item_type and pi.item_id = NEW.item_id and pi.grading <> 'normal';
  return null;
end $$;

create or replace trigger pendency_access_insert after insert on item_access for each row execute function pendency_access_changed();

create or replace function pendency_post_changed() returns trigger language plpgsql as $$
begin
  update pendency_item set office_id = NEW.office_id, section_id = NEW.section_id where holder_post_id = NEW.id;
  return null;
end $$;

create or replace trigger pendency_post_update after update of office_id, section_id on post for each row
  when ((old.office_id, old.section_id) is distinct from (new.office_id, new.section_id)) execute function pendency_post_changed();
`,
    'backend/src/modules/pendency/sql/pendency-source.sql': `-- What every pending item's row should say, computed from the items themselves: where it is (office,
-- section, post of the holder), since when, how old, its due date and how it was reached, the holder's
-- delay reason, and — for a graded item — its access list. pendency_item holds one row of this per
-- pending item (pendency-item.sql keeps it).

create or replace view pendency_source as
select s.*, pendency_add_days(s.office_id, s.due_date, -s.remind_before, 'working') as remind_on
from (
  select b.item_type, b.item_id, p.office_id, p.section_id, b.holder_post_id, b.held_since, b.held_on, b.started_on, b.origin_office_id,
    b.priority, b.grading, b.category, reg.register, b.parked, b.explicit_due, hr.due as rule_due, tr.due as register_due,
    coalesce(b.explicit_due, least(hr.due, tr.due)) as due_date,
    case when b.explicit_due is not null then 'explicit' when tr.due is not null and (hr.due is null or tr.due < hr.due) then 'register' when hr.due is not null then 'rule' end as due_source,
    case when b.explicit_due is null and tr.due is not null and (hr.due is null or tr.due < hr.due) then tr.remind_before else coalesce(hr.remind_before, 1) end as remind_before,
    dr.expected_by as reason_until,
    -- who may see a graded item (its access list), so a dashboard counts what is withheld from its viewer without a join
    case when b.grading <> 'normal' then (select array_agg(a.post_id order by a.post_id) from item_access a where a.item_type = b.item_type and a.item_id = b.item_id) end as access_posts
  from (
    select 'receipt'::varchar(10) as item_type, r.id as item_id, r.office_id as origin_office_id, r.holder_post_id, r.held_since,
      (r.held_since at time zone 'Asia/Kolkata')::date as held_on, coalesce(r.received_date, (r.created_at at time zone 'Asia/Kolkata')::date) as started_on,
      r.priority, r.grading, r.category, r.due_date as explicit_due, r.parked_at is not null as parked
    from receipt r where r.status in ('draft', 'diarised')
    union all
    select 'file'::varchar(10), f.id, f.office_id, f.holder_post_id, f.held_since, (f.held_since at time zone 'Asia/Kolkata')::date,
      -- a file's clock starts when the oldest receipt in it was received (an RTI application's 30 days run from then)
      coalesce((select min(coalesce(r.received_date, (r.created_at at time zone 'Asia/Kolkata')::date)) from correspondence c join receipt r on r.id = c.receipt_id where c.file_id = f.id),
        (f.created_at at time zone 'Asia/Kolkata')::date), f.priority, f.grading, f.category, f.due_date, f.parked_at is not null
    from efile f where f.status = 'open'
    union all
    -- an application with an authority: its deadline is its workflow state's (set by the application's use cases;
    -- paused while it is with the applicant, when it is not pending here at all); its clock starts at filing
    select 'appln'::varchar(10), a.id, a.office_id, a.holder_post_id, a.held_since, (a.held_since at time zone 'Asia/Kolkata')::date,
      (a.created_at at time zone 'Asia/Kolkata')::date, a.priority, a.grading, a.category, a.due_date, a.parked_at is not null
    from application a where a.status = 'open'
  ) b
  join post p on p.id = b.holder_post_id
  left join pendency_register reg on reg.item_type = b.item_type and reg.item_id = b.item_id
  left join lateral (
    select pendency_add_days(p.office_id, b.held_on, r.days, r.day_kind) as due, r.remind_before from pendency_rule r
    where r.basis = 'holder' and (r.register is null or r.register = reg.register) and (r.category is null or lower(r.category) = lower(b.category)) and (r.priority is null or r.priority = b.priority)
    order by (r.register is not null)::int * 4 + (r.category is not null)::int * 2 + (r.priority is not null)::int desc, r.days limit 1
  ) hr on true
  left join lateral (
    select pendency_add_days(p.office_id, b.started_on, r.days, r.day_kind) as due, r.remind_before from pendency_rule r
    where r.basis = 'total' and (r.register is null or r.register = reg.register) and (r.category is null or lower(r.category) = lower(b.category)) and (r.priority is null or r.priority = b.priority)
    order by (r.register is not null)::int * 4 + (r.category is not null)::int * 2 + (r.priority is not null)::int desc, r.days limit 1
  ) tr on true
  left join lateral (
    select d.expected_by from pendency_delay_reason d
    where d.item_type = b.item_type and d.item_id = b.item_id and d.post_id = b.holder_post_id and d.held_since = b.held_since
    order by d.created_at desc limit 1
  ) dr on true
) s;
`,
    'backend/src/modules/pendency/sql/tallies.sql': `-- The dashboard counts from tallies: every change of a pendency_item row appends -1 for the old row
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
`,
  };

  override async up(): Promise<void> {
    for (const sql of Object.values(Migration20261206233008.sqlFiles)) this.addSql(sql);
  }

  override async down(): Promise<void> {
    // nothing to undo: the migrations before it had left these definitions (it creates or replaces them)
  }
}
