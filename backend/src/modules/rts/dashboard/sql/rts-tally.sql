-- The RTS dashboard's monthly tallies (tables rts_tally and rts_days, made by the migrations), kept by
-- triggers in the same transaction as the change of an application or an appeal: per month (India time),
-- service, office routed to and designated officer's post (the application's origin post).
--   received   filings, in the month of filing
--   disposed   disposals, in the month of disposal, with how many on time, the sum of processing days
--              (calendar days from filing to disposal) and the ratings given (1–5)
--   rts_days   disposals by processing days: what the medians are read from
--   filed1-3   appeals reaching the First / Second Appellate Authority / the Commission, in that month
--   decided1-3 appeals decided at that level; penalties and compensation awarded with the decision
-- Every change subtracts what the old row counted and adds what the new row counts, so a reopened
-- application, a changed rating or a corrected appeal keeps the sums exact.
-- A process may keep what it read of finished months (they change only by a late rating or a
-- correction): rts_month_stamp says when one did (rts_touch).
-- Each change is counted at four levels (column `level`): 'f' the full key; 's' per service, 'o' per office
-- and 'p' per office and designated post (the other keys the zero uuid) — what the state-wide dashboard
-- reads, a few thousand rows a month however many applications there are.

-- the keys one change is counted under
create or replace function rts_keys(s uuid, o uuid, p uuid) returns table (level char(1), service_id uuid, office_id uuid, post_id uuid)
language sql immutable as $$
  values ('f'::char(1), s, o, p), ('s', s, '00000000-0000-0000-0000-000000000000'::uuid, '00000000-0000-0000-0000-000000000000'::uuid),
    ('o', '00000000-0000-0000-0000-000000000000'::uuid, o, '00000000-0000-0000-0000-000000000000'::uuid),
    ('p', '00000000-0000-0000-0000-000000000000'::uuid, o, p)
$$;

create or replace function rts_month(t timestamptz) returns date language sql immutable as $$
  select date_trunc('month', t at time zone 'Asia/Kolkata')::date
$$;

create or replace function rts_processing_days(created timestamptz, closed timestamptz) returns int language sql immutable as $$
  select (closed at time zone 'Asia/Kolkata')::date - (created at time zone 'Asia/Kolkata')::date
$$;

-- A change counted in a month before the current one (a rating of last month's disposal, a correction):
-- the month's stamp moves on, so that what a process keeps of finished months is read again.
create or replace function rts_touch(m date) returns void language plpgsql as $$
begin
  if m < rts_month(now()) then
    insert into rts_month_stamp (month, changed) values (m, 1) on conflict (month) do update set changed = rts_month_stamp.changed + 1;
  end if;
end $$;

create or replace function rts_tally_received(r application, k int) returns void language plpgsql as $$
begin
  insert into rts_tally (level, month, service_id, office_id, post_id, received)
  select x.level, rts_month(r.created_at), x.service_id, x.office_id, x.post_id, k from rts_keys(r.service_id, r.office_id, r.origin_post_id) x
  on conflict (level, month, service_id, office_id, post_id) do update set received = rts_tally.received + excluded.received;
  perform rts_touch(rts_month(r.created_at));
end $$;

create or replace function rts_tally_disposed(r application, k int) returns void language plpgsql as $$
declare d int; m date;
begin
  if r.status <> 'closed' or r.closed_at is null then return; end if;
  d := rts_processing_days(r.created_at, r.closed_at);
  m := rts_month(r.closed_at);
  insert into rts_tally (level, month, service_id, office_id, post_id, disposed, on_time, days_sum, rated, rating_sum, r1, r2, r3, r4, r5)
  select x.level, m, x.service_id, x.office_id, x.post_id, k, case when r.on_time then k else 0 end, k * d,
    case when r.rating is not null then k else 0 end, k * coalesce(r.rating, 0),
    case when r.rating = 1 then k else 0 end, case when r.rating = 2 then k else 0 end, case when r.rating = 3 then k else 0 end,
    case when r.rating = 4 then k else 0 end, case when r.rating = 5 then k else 0 end
  from rts_keys(r.service_id, r.office_id, r.origin_post_id) x
  on conflict (level, month, service_id, office_id, post_id) do update set
    disposed = rts_tally.disposed + excluded.disposed, on_time = rts_tally.on_time + excluded.on_time, days_sum = rts_tally.days_sum + excluded.days_sum,
    rated = rts_tally.rated + excluded.rated, rating_sum = rts_tally.rating_sum + excluded.rating_sum,
    r1 = rts_tally.r1 + excluded.r1, r2 = rts_tally.r2 + excluded.r2, r3 = rts_tally.r3 + excluded.r3, r4 = rts_tally.r4 + excluded.r4, r5 = rts_tally.r5 + excluded.r5;
  insert into rts_days (level, month, service_id, office_id, post_id, days, n)
  select x.level, m, x.service_id, x.office_id, x.post_id, d, k from rts_keys(r.service_id, r.office_id, r.origin_post_id) x
  on conflict (level, month, service_id, office_id, post_id, days) do update set n = rts_days.n + excluded.n;
  perform rts_touch(m);
end $$;

create or replace function rts_application_tally() returns trigger language plpgsql as $$
begin
  if TG_OP = 'UPDATE' then
    if (OLD.service_id, OLD.office_id, OLD.origin_post_id, OLD.created_at) is distinct from (NEW.service_id, NEW.office_id, NEW.origin_post_id, NEW.created_at) then
      perform rts_tally_received(OLD, -1);
      perform rts_tally_received(NEW, 1);
    end if;
    perform rts_tally_disposed(OLD, -1);
    perform rts_tally_disposed(NEW, 1);
  elsif TG_OP = 'INSERT' then
    perform rts_tally_received(NEW, 1);
    perform rts_tally_disposed(NEW, 1);
  else
    perform rts_tally_received(OLD, -1);
    perform rts_tally_disposed(OLD, -1);
  end if;
  return null;
end $$;

create or replace trigger rts_application_tally_insert after insert on application for each row execute function rts_application_tally();
create or replace trigger rts_application_tally_delete after delete on application for each row execute function rts_application_tally();
create or replace trigger rts_application_tally_update after update on application for each row
  when ((OLD.service_id, OLD.office_id, OLD.origin_post_id, OLD.created_at, OLD.status, OLD.closed_at, OLD.on_time, OLD.rating)
    is distinct from (NEW.service_id, NEW.office_id, NEW.origin_post_id, NEW.created_at, NEW.status, NEW.closed_at, NEW.on_time, NEW.rating))
  execute function rts_application_tally();

-- an appeal reaching a level (filed at its first, escalated to the next): counted at that level
create or replace function rts_tally_appeal_filed(a rts_appeal, lvl int, at timestamptz, k int) returns void language plpgsql as $$
begin
  insert into rts_tally (level, month, service_id, office_id, post_id, filed1, filed2, filed3)
  select y.level, rts_month(at), y.service_id, y.office_id, y.post_id,
    case when lvl = 1 then k else 0 end, case when lvl = 2 then k else 0 end, case when lvl = 3 then k else 0 end
  from application x, rts_keys(x.service_id, a.office_id, a.designated_post_id) y where x.id = a.application_id
  on conflict (level, month, service_id, office_id, post_id) do update set
    filed1 = rts_tally.filed1 + excluded.filed1, filed2 = rts_tally.filed2 + excluded.filed2, filed3 = rts_tally.filed3 + excluded.filed3;
  perform rts_touch(rts_month(at));
end $$;

-- an appeal decided: at its level, with the penalty and the compensation the order awarded
create or replace function rts_tally_appeal_decided(a rts_appeal, k int) returns void language plpgsql as $$
begin
  if a.status <> 'decided' or a.decided_at is null then return; end if;
  insert into rts_tally (level, month, service_id, office_id, post_id, decided1, decided2, decided3, penalties, penalty_amount, compensations, compensation_amount)
  select y.level, rts_month(a.decided_at), y.service_id, y.office_id, y.post_id,
    case when a.level = 1 then k else 0 end, case when a.level = 2 then k else 0 end, case when a.level = 3 then k else 0 end,
    case when a.penalty_amount > 0 then k else 0 end, k * coalesce(a.penalty_amount, 0),
    case when a.compensation_amount > 0 then k else 0 end, k * coalesce(a.compensation_amount, 0)
  from application x, rts_keys(x.service_id, a.office_id, a.designated_post_id) y where x.id = a.application_id
  on conflict (level, month, service_id, office_id, post_id) do update set
    decided1 = rts_tally.decided1 + excluded.decided1, decided2 = rts_tally.decided2 + excluded.decided2, decided3 = rts_tally.decided3 + excluded.decided3,
    penalties = rts_tally.penalties + excluded.penalties, penalty_amount = rts_tally.penalty_amount + excluded.penalty_amount,
    compensations = rts_tally.compensations + excluded.compensations, compensation_amount = rts_tally.compensation_amount + excluded.compensation_amount;
  perform rts_touch(rts_month(a.decided_at));
end $$;

create or replace function rts_appeal_tally() returns trigger language plpgsql as $$
begin
  if TG_OP = 'INSERT' then
    perform rts_tally_appeal_filed(NEW, NEW.level, NEW.filed_at, 1);
  elsif TG_OP = 'UPDATE' and NEW.level > OLD.level then
    for l in OLD.level + 1 .. NEW.level loop
      perform rts_tally_appeal_filed(NEW, l, NEW.level_since, 1);
    end loop;
  end if;
  if TG_OP <> 'INSERT' then perform rts_tally_appeal_decided(OLD, -1); end if;
  if TG_OP <> 'DELETE' then perform rts_tally_appeal_decided(NEW, 1); end if;
  return null;
end $$;

create or replace trigger rts_appeal_tally_insert after insert on rts_appeal for each row execute function rts_appeal_tally();
create or replace trigger rts_appeal_tally_delete after delete on rts_appeal for each row execute function rts_appeal_tally();
create or replace trigger rts_appeal_tally_update after update on rts_appeal for each row
  when ((OLD.level, OLD.status, OLD.decided_at, OLD.penalty_amount, OLD.compensation_amount, OLD.office_id, OLD.designated_post_id)
    is distinct from (NEW.level, NEW.status, NEW.decided_at, NEW.penalty_amount, NEW.compensation_amount, NEW.office_id, NEW.designated_post_id))
  execute function rts_appeal_tally();

-- Recounts every tally from the applications and appeals (the migration's backfill; after a bulk load
-- that went around the triggers). Appeals' levels are read from their steps (filed, escalated).
create or replace function rts_tally_rebuild() returns void language plpgsql as $$
begin
  delete from rts_tally;
  delete from rts_days;
  insert into rts_tally (level, month, service_id, office_id, post_id, received)
  select 'f', rts_month(created_at), service_id, office_id, origin_post_id, count(*) from application group by 2, 3, 4, 5;
  insert into rts_tally (level, month, service_id, office_id, post_id, disposed, on_time, days_sum, rated, rating_sum, r1, r2, r3, r4, r5)
  select 'f', rts_month(closed_at), service_id, office_id, origin_post_id, count(*), count(*) filter (where on_time),
    sum(rts_processing_days(created_at, closed_at)), count(rating), coalesce(sum(rating), 0),
    count(*) filter (where rating = 1), count(*) filter (where rating = 2), count(*) filter (where rating = 3), count(*) filter (where rating = 4), count(*) filter (where rating = 5)
  from application where status = 'closed' and closed_at is not null group by 2, 3, 4, 5
  on conflict (level, month, service_id, office_id, post_id) do update set
    disposed = excluded.disposed, on_time = excluded.on_time, days_sum = excluded.days_sum, rated = excluded.rated, rating_sum = excluded.rating_sum,
    r1 = excluded.r1, r2 = excluded.r2, r3 = excluded.r3, r4 = excluded.r4, r5 = excluded.r5;
  insert into rts_days (level, month, service_id, office_id, post_id, days, n)
  select 'f', rts_month(closed_at), service_id, office_id, origin_post_id, rts_processing_days(created_at, closed_at), count(*)
  from application where status = 'closed' and closed_at is not null group by 2, 3, 4, 5, 6;
  insert into rts_tally (level, month, service_id, office_id, post_id, filed1, filed2, filed3)
  select 'f', rts_month(s.at), x.service_id, a.office_id, a.designated_post_id,
    count(*) filter (where s.level = 1), count(*) filter (where s.level = 2), count(*) filter (where s.level = 3)
  from rts_appeal_step s join rts_appeal a on a.id = s.appeal_id join application x on x.id = a.application_id
  where s.kind in ('filed', 'escalated') group by 2, 3, 4, 5
  on conflict (level, month, service_id, office_id, post_id) do update set filed1 = excluded.filed1, filed2 = excluded.filed2, filed3 = excluded.filed3;
  insert into rts_tally (level, month, service_id, office_id, post_id, decided1, decided2, decided3, penalties, penalty_amount, compensations, compensation_amount)
  select 'f', rts_month(a.decided_at), x.service_id, a.office_id, a.designated_post_id,
    count(*) filter (where a.level = 1), count(*) filter (where a.level = 2), count(*) filter (where a.level = 3),
    count(*) filter (where a.penalty_amount > 0), coalesce(sum(a.penalty_amount), 0), count(*) filter (where a.compensation_amount > 0), coalesce(sum(a.compensation_amount), 0)
  from rts_appeal a join application x on x.id = a.application_id
  where a.status = 'decided' and a.decided_at is not null group by 2, 3, 4, 5
  on conflict (level, month, service_id, office_id, post_id) do update set decided1 = excluded.decided1, decided2 = excluded.decided2, decided3 = excluded.decided3,
    penalties = excluded.penalties, penalty_amount = excluded.penalty_amount, compensations = excluded.compensations, compensation_amount = excluded.compensation_amount;
  -- the rollups, from the full-key rows
  insert into rts_tally (level, month, service_id, office_id, post_id, received, disposed, on_time, days_sum, rated, rating_sum, r1, r2, r3, r4, r5,
    filed1, filed2, filed3, decided1, decided2, decided3, penalties, penalty_amount, compensations, compensation_amount)
  select k.level, t.month, k.service_id, k.office_id, k.post_id, sum(received), sum(disposed), sum(on_time), sum(days_sum), sum(rated), sum(rating_sum),
    sum(r1), sum(r2), sum(r3), sum(r4), sum(r5), sum(filed1), sum(filed2), sum(filed3), sum(decided1), sum(decided2), sum(decided3),
    sum(penalties), sum(penalty_amount), sum(compensations), sum(compensation_amount)
  from rts_tally t, rts_keys(t.service_id, t.office_id, t.post_id) k where t.level = 'f' and k.level <> 'f' group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5;
  insert into rts_days (level, month, service_id, office_id, post_id, days, n)
  select k.level, d.month, k.service_id, k.office_id, k.post_id, d.days, sum(d.n)
  from rts_days d, rts_keys(d.service_id, d.office_id, d.post_id) k where d.level = 'f' and k.level <> 'f' group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6;
  -- every month was recounted
  insert into rts_month_stamp (month, changed) select distinct month, 1 from rts_tally
  on conflict (month) do update set changed = rts_month_stamp.changed + 1;
end $$;
