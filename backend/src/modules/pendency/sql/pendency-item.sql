-- pendency_item follows the items in the same transaction as every change to them: triggers on receipt,
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
