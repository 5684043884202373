-- What every pending item's row should say, computed from the items themselves: where it is (office,
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
