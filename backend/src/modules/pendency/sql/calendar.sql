-- Working-day arithmetic on the calendars the application generates into pendency_working_day
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
