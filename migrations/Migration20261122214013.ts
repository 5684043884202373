import { Migration } from '@mikro-orm/migrations';

export class Migration20261122214013 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "pendency_escalation_level" ("level" int not null, "after_days" int not null, constraint "pendency_escalation_level_pkey" primary key ("level"));`);

    this.addSql(`create table "pendency_holiday" ("id" uuid not null, "office_id" uuid null, "day" date not null, "name_en" varchar(200) not null, "name_hi" varchar(200) not null, "created_at" timestamptz not null, constraint "pendency_holiday_pkey" primary key ("id"));`);
    this.addSql(`create index "pendency_holiday_day_index" on "pendency_holiday" ("day");`);

    this.addSql(`create table "pendency_rule" ("id" uuid not null, "register" varchar(20) null, "category" varchar(80) null, "priority" varchar(20) null, "basis" varchar(10) not null, "days" int not null, "day_kind" varchar(10) not null, "remind_before" int not null default 1, "created_at" timestamptz not null, constraint "pendency_rule_pkey" primary key ("id"));`);

    this.addSql(`create table "pendency_week" ("office_id" uuid not null, "week_start" date not null, "item_type" varchar(10) not null, "received" int not null, "disposed" int not null, constraint "pendency_week_pkey" primary key ("office_id", "week_start", "item_type"));`);

    this.addSql(`create table "pendency_item" ("item_type" varchar(10) not null, "item_id" uuid not null, "office_id" uuid not null, "section_id" uuid null, "holder_post_id" uuid not null, "held_since" timestamptz not null, "held_on" date not null, "started_on" date not null, "origin_office_id" uuid not null, "priority" varchar(20) not null, "grading" varchar(20) not null, "category" varchar(80) null, "register" varchar(20) null, "parked" boolean not null, "explicit_due" date null, "rule_due" date null, "register_due" date null, "due_date" date null, "due_source" varchar(10) null, "remind_on" date null, "reason_until" date null, "access_posts" uuid[] null, constraint "pendency_item_pkey" primary key ("item_type", "item_id"));`);
    this.addSql(`create index "pendency_item_office" on "pendency_item" ("office_id") include ("holder_post_id", "item_type", "held_on", "started_on", "due_date", "reason_until", "parked", "grading");`);
    this.addSql(`create index "pendency_item_holder_post_id_held_since_index" on "pendency_item" ("holder_post_id", "held_since");`);
    this.addSql(`create index "pendency_item_office_id_held_since_index" on "pendency_item" ("office_id", "held_since");`);
    this.addSql(`create index "pendency_item_held_since_item_id_index" on "pendency_item" ("held_since", "item_id");`);
    this.addSql(`create index "pendency_item_origin_office_id_started_on_index" on "pendency_item" ("origin_office_id", "started_on");`);
    this.addSql(`create index "pendency_item_due" on "pendency_item" ("due_date", "office_id");`);

    this.addSql(`create table "pendency_delta" ("id" bigserial primary key, "holder_post_id" uuid not null, "origin_office_id" uuid not null, "item_type" varchar(10) not null, "register" varchar(20) not null, "parked" boolean not null, "graded" boolean not null, "held_on" date not null, "started_on" date not null, "due_date" date not null, "reason_until" date not null, "n" smallint not null);`);
    this.addSql(`create table "pendency_tally_due" ("holder_post_id" uuid not null, "item_type" varchar(10) not null, "register" varchar(20) not null, "due_date" date not null, "reason_until" date not null, "n" int not null, constraint "pendency_tally_due_pkey" primary key ("holder_post_id", "item_type", "register", "due_date", "reason_until"));`);
    this.addSql(`create table "pendency_tally_held" ("holder_post_id" uuid not null, "item_type" varchar(10) not null, "register" varchar(20) not null, "parked" boolean not null, "graded" boolean not null, "held_on" date not null, "n" int not null, constraint "pendency_tally_held_pkey" primary key ("holder_post_id", "item_type", "register", "parked", "graded", "held_on"));`);
    this.addSql(`create table "pendency_tally_origin" ("origin_office_id" uuid not null, "item_type" varchar(10) not null, "register" varchar(20) not null, "n" int not null, constraint "pendency_tally_origin_pkey" primary key ("origin_office_id", "item_type", "register"));`);
    this.addSql(`create table "pendency_tally_started" ("holder_post_id" uuid not null, "item_type" varchar(10) not null, "register" varchar(20) not null, "started_on" date not null, "n" int not null, constraint "pendency_tally_started_pkey" primary key ("holder_post_id", "item_type", "register", "started_on"));`);
    this.addSql(`create index "pendency_item_graded" on "pendency_item" ("office_id", "holder_post_id") include ("access_posts") where "grading" <> 'normal';`);

    this.addSql(`create table "pendency_event" ("id" bigserial primary key, "at" timestamptz not null, "item_type" varchar(10) not null, "item_id" uuid not null, "kind" varchar(10) not null, "origin_office_id" uuid not null, "post_id" uuid not null);`);
    this.addSql(`create index "pendency_event_at" on "pendency_event" ("at") include ("origin_office_id", "item_type", "kind");`);
    this.addSql(`create index "pendency_event_post_id_at_index" on "pendency_event" ("post_id", "at");`);

    this.addSql(`create table "pendency_alert" ("id" uuid not null, "item_type" varchar(10) not null, "item_id" uuid not null, "held_since" timestamptz not null, "kind" varchar(20) not null, "level" int not null, "holder_post_id" uuid not null, "due_date" date null, "post_ids" text[] not null, "as_of" timestamptz not null, "created_at" timestamptz not null, constraint "pendency_alert_pkey" primary key ("id"));`);
    this.addSql(`alter table "pendency_alert" add constraint "pendency_alert_item_type_item_id_held_since_kind_level_unique" unique ("item_type", "item_id", "held_since", "kind", "level");`);

    this.addSql(`create table "notification" ("id" uuid not null, "post_id" uuid not null, "kind" varchar(20) not null, "level" int not null, "item_type" varchar(10) not null, "item_id" uuid not null, "holder_post_id" uuid null, "hidden" boolean not null, "number" varchar(120) null, "subject" text null, "due_date" date null, "overdue_days" int not null, "alert_id" uuid null, "created_at" timestamptz not null, "read_at" timestamptz null, "read_by_id" uuid null, constraint "notification_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_post_id_created_at_index" on "notification" ("post_id", "created_at");`);
    this.addSql(`create index "notification_unread" on "notification" ("post_id") where "read_at" is null;`);

    this.addSql(`create table "pendency_register" ("item_type" varchar(10) not null, "item_id" uuid not null, "register" varchar(20) not null, "reference" varchar(120) null, "set_by_post_id" uuid null, "set_by_user_id" uuid null, "set_at" timestamptz not null, constraint "pendency_register_pkey" primary key ("item_type", "item_id"));`);
    this.addSql(`create index "pendency_register_register_set_at_index" on "pendency_register" ("register", "set_at");`);

    this.addSql(`create table "pendency_delay_reason" ("id" uuid not null, "item_type" varchar(10) not null, "item_id" uuid not null, "post_id" uuid not null, "held_since" timestamptz not null, "reason" text not null, "expected_by" date not null, "user_id" uuid not null, "created_at" timestamptz not null, constraint "pendency_delay_reason_pkey" primary key ("id"));`);
    this.addSql(`create index "pendency_delay_reason_item_type_item_id_created_at_index" on "pendency_delay_reason" ("item_type", "item_id", "created_at");`);

    this.addSql(`create table "pendency_working_day" ("office_id" uuid not null, "day" date not null, "ord" int not null, "working" boolean not null, constraint "pendency_working_day_pkey" primary key ("office_id", "day"));`);
    this.addSql(`create index "pendency_working_day_ord" on "pendency_working_day" ("office_id", "ord") where "working";`);

    this.addSql(`create table "pendency_work_week" ("id" uuid not null, "office_id" uuid null, "weekly_off" text[] not null, "saturdays_off" text[] not null, "updated_at" timestamptz not null, constraint "pendency_work_week_pkey" primary key ("id"));`);
    this.addSql(`alter table "pendency_work_week" add constraint "pendency_work_week_office_id_unique" unique ("office_id");`);

    this.addSql(`alter table "pendency_holiday" add constraint "pendency_holiday_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "pendency_week" add constraint "pendency_week_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);

    this.addSql(`alter table "pendency_item" add constraint "pendency_item_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "pendency_item" add constraint "pendency_item_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "pendency_item" add constraint "pendency_item_origin_office_id_foreign" foreign key ("origin_office_id") references "office" ("id") on update cascade;`);

    this.addSql(`alter table "pendency_event" add constraint "pendency_event_origin_office_id_foreign" foreign key ("origin_office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "pendency_event" add constraint "pendency_event_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade;`);

    this.addSql(`alter table "pendency_alert" add constraint "pendency_alert_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade;`);

    this.addSql(`alter table "notification" add constraint "notification_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "notification" add constraint "notification_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "notification" add constraint "notification_read_by_id_foreign" foreign key ("read_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "pendency_register" add constraint "pendency_register_set_by_post_id_foreign" foreign key ("set_by_post_id") references "post" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "pendency_register" add constraint "pendency_register_set_by_user_id_foreign" foreign key ("set_by_user_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "pendency_delay_reason" add constraint "pendency_delay_reason_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "pendency_delay_reason" add constraint "pendency_delay_reason_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "pendency_working_day" add constraint "pendency_working_day_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);

    this.addSql(`alter table "pendency_work_week" add constraint "pendency_work_week_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade on delete set null;`);

    // ---- pendency: working-day arithmetic, the computed view, triggers that keep pendency_item, defaults (hand-written)
    this.addSql(`create or replace function pendency_add_days(p_office uuid, p_day date, p_n int, p_kind text) returns date language sql stable as $$
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
  end $$;`);
    this.addSql(`create or replace function pendency_working_between(p_office uuid, p_from date, p_to date) returns int language sql stable as $$
  select coalesce(
    (select t.ord - f.ord from pendency_working_day f join pendency_working_day t on t.office_id = f.office_id and t.day = p_to where f.office_id = p_office and f.day = p_from),
    (select count(*)::int * sign(p_to - p_from)::int from generate_series(least(p_from, p_to) + 1, greatest(p_from, p_to), interval '1 day') g where extract(isodow from g) <> 7))
$$;`);
    this.addSql(`create or replace view pendency_source as
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
      (f.created_at at time zone 'Asia/Kolkata')::date, f.priority, f.grading, f.category, f.due_date, f.parked_at is not null
    from efile f where f.status = 'open'
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
) s;`);
    this.addSql(`create or replace function pendency_refresh(p_type varchar, p_id uuid) returns void language plpgsql as $$
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
end $$;`);
    this.addSql(`create or replace function pendency_item_changed() returns trigger language plpgsql as $$
declare
  live_now boolean := case when TG_TABLE_NAME = 'receipt' then NEW.status in ('draft', 'diarised') else NEW.status = 'open' end;
  live_before boolean := TG_OP = 'UPDATE' and (case when TG_TABLE_NAME = 'receipt' then OLD.status in ('draft', 'diarised') else OLD.status = 'open' end);
  t varchar(10) := case when TG_TABLE_NAME = 'receipt' then 'receipt' else 'file' end;
begin
  perform pendency_refresh(t, NEW.id);
  if live_now and not live_before then
    insert into pendency_event (at, item_type, item_id, kind, origin_office_id, post_id) values (now(), t, NEW.id, 'received', NEW.office_id, NEW.holder_post_id);
  elsif live_before and not live_now then
    insert into pendency_event (at, item_type, item_id, kind, origin_office_id, post_id) values (now(), t, NEW.id, 'disposed', NEW.office_id, NEW.holder_post_id);
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger pendency_receipt_insert after insert on receipt for each row execute function pendency_item_changed();`);
    this.addSql(`create trigger pendency_receipt_update after update of holder_post_id, held_since, status, parked_at, due_date, priority, category, grading, received_date on receipt for each row
  when ((old.holder_post_id, old.held_since, old.status, old.parked_at, old.due_date, old.priority, old.category, old.grading, old.received_date)
    is distinct from (new.holder_post_id, new.held_since, new.status, new.parked_at, new.due_date, new.priority, new.category, new.grading, new.received_date))
  execute function pendency_item_changed();`);
    this.addSql(`create trigger pendency_efile_insert after insert on efile for each row execute function pendency_item_changed();`);
    this.addSql(`create trigger pendency_efile_update after update of holder_post_id, held_since, status, parked_at, due_date, priority, category, grading on efile for each row
  when ((old.holder_post_id, old.held_since, old.status, old.parked_at, old.due_date, old.priority, old.category, old.grading)
    is distinct from (new.holder_post_id, new.held_since, new.status, new.parked_at, new.due_date, new.priority, new.category, new.grading))
  execute function pendency_item_changed();`);
    this.addSql(`create or replace function pendency_item_tally() returns trigger language plpgsql as $$
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
end $$;`);
    this.addSql(`create trigger pendency_item_tally_insert after insert on pendency_item for each row execute function pendency_item_tally();`);
    this.addSql(`create trigger pendency_item_tally_delete after delete on pendency_item for each row execute function pendency_item_tally();`);
    this.addSql(`create trigger pendency_item_tally_update after update on pendency_item for each row
  when ((old.holder_post_id, old.origin_office_id, old.item_type, old.register, old.parked, old.grading, old.held_on, old.started_on, old.due_date, old.reason_until)
    is distinct from (new.holder_post_id, new.origin_office_id, new.item_type, new.register, new.parked, new.grading, new.held_on, new.started_on, new.due_date, new.reason_until))
  execute function pendency_item_tally();`);
    this.addSql(`create or replace function pendency_compact() returns int language plpgsql as $$
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
end $$;`);
    this.addSql(`create or replace function pendency_access_changed() returns trigger language plpgsql as $$
begin
  update pendency_item pi set access_posts = (select array_agg(a.post_id order by a.post_id) from item_access a where a.item_type = NEW.item_type and a.item_id = NEW.item_id)
  where pi.item_type = NEW.item_type and pi.item_id = NEW.item_id and pi.grading <> 'normal';
  return null;
end $$;`);
    this.addSql(`create trigger pendency_access_insert after insert on item_access for each row execute function pendency_access_changed();`);
    this.addSql(`create or replace function pendency_post_changed() returns trigger language plpgsql as $$
begin
  update pendency_item set office_id = NEW.office_id, section_id = NEW.section_id where holder_post_id = NEW.id;
  return null;
end $$;`);
    this.addSql(`create trigger pendency_post_update after update of office_id, section_id on post for each row
  when ((old.office_id, old.section_id) is distinct from (new.office_id, new.section_id)) execute function pendency_post_changed();`);

    // defaults: CSMOP para 60 (7 working days with one holder), priorities, the special registers, escalation levels, weekly offs
    this.addSql(`insert into pendency_rule (id, register, category, priority, basis, days, day_kind, remind_before, created_at) values
  (gen_random_uuid(), null, null, null, 'holder', 7, 'working', 1, now()),
  (gen_random_uuid(), null, null, 'immediate', 'holder', 3, 'working', 1, now()),
  (gen_random_uuid(), null, null, 'most_immediate', 'holder', 1, 'working', 0, now()),
  (gen_random_uuid(), 'rti', null, null, 'total', 30, 'calendar', 5, now()),
  (gen_random_uuid(), 'court', null, null, 'total', 15, 'working', 3, now()),
  (gen_random_uuid(), 'vip', null, null, 'total', 15, 'working', 3, now());`);
    // items and history already in the database (calendars are generated at start-up and by the daily job; until then Sundays only)
    this.addSql(`insert into pendency_item select item_type, item_id, office_id, section_id, holder_post_id, held_since, held_on, started_on, origin_office_id, priority, grading, category,
  register, parked, explicit_due, rule_due, register_due, due_date, due_source, remind_on, reason_until, access_posts from pendency_source;`);
    this.addSql(`insert into pendency_event (at, item_type, item_id, kind, origin_office_id, post_id)
  select r.created_at, 'receipt', r.id, 'received', r.office_id, r.created_by_post_id from receipt r
  union all select f.created_at, 'file', f.id, 'received', f.office_id, f.created_by_post_id from efile f
  union all select r.closed_at, 'receipt', r.id, 'disposed', r.office_id, r.holder_post_id from receipt r where r.status = 'closed' and r.closed_at is not null
  union all select coalesce((select min(c.added_at) from correspondence c where c.receipt_id = r.id), r.updated_at), 'receipt', r.id, 'disposed', r.office_id, r.holder_post_id from receipt r where r.status = 'filed'
  union all select f.closed_at, 'file', f.id, 'disposed', f.office_id, f.holder_post_id from efile f where f.status = 'closed' and f.closed_at is not null;`);
    this.addSql(`select pendency_compact();`);
    this.addSql(`insert into pendency_escalation_level (level, after_days) values (1, 0), (2, 3), (3, 7);`);
    this.addSql(`insert into pendency_work_week (id, office_id, weekly_off, saturdays_off, updated_at) values (gen_random_uuid(), null, '{7}', '{2,4}', now());`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists pendency_item_tally_insert on pendency_item;`);
    this.addSql(`drop trigger if exists pendency_item_tally_delete on pendency_item;`);
    this.addSql(`drop trigger if exists pendency_item_tally_update on pendency_item;`);
    this.addSql(`drop function if exists pendency_item_tally(), pendency_compact();`);
    this.addSql(`drop trigger if exists pendency_receipt_insert on receipt;`);
    this.addSql(`drop trigger if exists pendency_receipt_update on receipt;`);
    this.addSql(`drop trigger if exists pendency_efile_insert on efile;`);
    this.addSql(`drop trigger if exists pendency_efile_update on efile;`);
    this.addSql(`drop trigger if exists pendency_post_update on post;`);
    this.addSql(`drop trigger if exists pendency_access_insert on item_access;`);
    this.addSql(`drop function if exists pendency_access_changed();`);
    this.addSql(`drop function if exists pendency_item_changed(), pendency_post_changed(), pendency_refresh(varchar, uuid);`);
    this.addSql(`drop view if exists pendency_source;`);
    this.addSql(`drop function if exists pendency_add_days(uuid, date, int, text), pendency_working_between(uuid, date, date);`);

    this.addSql(`drop table if exists "pendency_delta" cascade;`);
    this.addSql(`drop table if exists "pendency_tally_due" cascade;`);
    this.addSql(`drop table if exists "pendency_tally_held" cascade;`);
    this.addSql(`drop table if exists "pendency_tally_origin" cascade;`);
    this.addSql(`drop table if exists "pendency_tally_started" cascade;`);
    this.addSql(`drop table if exists "pendency_escalation_level" cascade;`);

    this.addSql(`drop table if exists "pendency_holiday" cascade;`);

    this.addSql(`drop table if exists "pendency_rule" cascade;`);

    this.addSql(`drop table if exists "pendency_week" cascade;`);

    this.addSql(`drop table if exists "pendency_item" cascade;`);

    this.addSql(`drop table if exists "pendency_event" cascade;`);

    this.addSql(`drop table if exists "pendency_alert" cascade;`);

    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "pendency_register" cascade;`);

    this.addSql(`drop table if exists "pendency_delay_reason" cascade;`);

    this.addSql(`drop table if exists "pendency_working_day" cascade;`);

    this.addSql(`drop table if exists "pendency_work_week" cascade;`);
  }

}
