import { Migration } from '@mikro-orm/migrations';

export class Migration20261122190809 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "file_head" ("id" uuid not null, "office_id" uuid not null, "code" varchar(40) not null, "name_en" varchar(200) not null, "name_hi" varchar(200) not null, "active" boolean not null default true, "version" int not null default 1, "created_at" timestamptz not null, constraint "file_head_pkey" primary key ("id"));`);
    this.addSql(`alter table "file_head" add constraint "file_head_office_id_code_unique" unique ("office_id", "code");`);

    this.addSql(`create table "file_counter" ("head_id" uuid not null, "year" int not null, "last_seq" int not null, constraint "file_counter_pkey" primary key ("head_id", "year"));`);

    this.addSql(`create table "efile" ("id" uuid not null, "office_id" uuid not null, "head_id" uuid not null, "kind" varchar(10) not null, "parent_id" uuid null, "part_no" int null, "year" int not null, "serial" int not null, "file_number" varchar(120) not null, "subject" text not null, "category" varchar(80) null, "keywords" text[] not null, "grading" varchar(20) not null, "priority" varchar(20) not null, "due_date" date null, "status" varchar(20) not null, "created_by_post_id" uuid not null, "created_by_user_id" uuid not null, "holder_post_id" uuid not null, "held_since" timestamptz not null, "opened_at" timestamptz null, "parked_at" timestamptz null, "closed_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "efile_pkey" primary key ("id"));`);
    this.addSql(`create index "efile_office_id_index" on "efile" ("office_id");`);
    this.addSql(`create index "efile_parent_id_index" on "efile" ("parent_id");`);
    this.addSql(`alter table "efile" add constraint "efile_file_number_unique" unique ("file_number");`);
    this.addSql(`create index "efile_holder_post_id_status_index" on "efile" ("holder_post_id", "status");`);
    this.addSql(`create index "efile_fts" on "efile" using gin (to_tsvector('simple', coalesce(file_number, '') || ' ' || coalesce(subject, '') || ' ' || coalesce(category, '')));`);

    this.addSql(`create table "note" ("id" uuid not null, "file_id" uuid not null, "seq" int null, "state" varchar(10) not null, "body" text not null, "body_text" text not null, "ref_pages" text[] not null, "ref_files" text[] not null, "author_post_id" uuid not null, "author_user_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "locked_at" timestamptz null, "version" int not null default 1, constraint "note_pkey" primary key ("id"));`);
    this.addSql(`create index "note_file_id_created_at_index" on "note" ("file_id", "created_at");`);
    this.addSql(`alter table "note" add constraint "note_file_id_seq_unique" unique ("file_id", "seq");`);

    this.addSql(`create table "file_link" ("a_id" uuid not null, "b_id" uuid not null, "kind" varchar(10) not null, "created_by_post_id" uuid not null, "created_at" timestamptz not null, constraint "file_link_pkey" primary key ("a_id", "b_id"));`);
    this.addSql(`create index "file_link_b_id_index" on "file_link" ("b_id");`);

    this.addSql(`create table "draft" ("id" uuid not null, "file_id" uuid not null, "subject" varchar(500) not null, "addressee" text null, "status" varchar(20) not null, "current_version" int not null, "approved_version" int null, "approved_by_post_id" uuid null, "approved_by_user_id" uuid null, "approved_at" timestamptz null, "created_by_post_id" uuid not null, "created_by_user_id" uuid not null, "created_at" timestamptz not null, "version" int not null default 1, constraint "draft_pkey" primary key ("id"));`);
    this.addSql(`create index "draft_file_id_index" on "draft" ("file_id");`);

    this.addSql(`create table "draft_version" ("id" uuid not null, "draft_id" uuid not null, "no" int not null, "body" text not null, "body_text" text not null, "remark" varchar(500) null, "author_post_id" uuid not null, "author_user_id" uuid not null, "created_at" timestamptz not null, constraint "draft_version_pkey" primary key ("id"));`);
    this.addSql(`alter table "draft_version" add constraint "draft_version_draft_id_no_unique" unique ("draft_id", "no");`);

    this.addSql(`create table "draft_comment" ("id" uuid not null, "draft_id" uuid not null, "version_no" int not null, "text" text not null, "author_post_id" uuid not null, "author_user_id" uuid not null, "created_at" timestamptz not null, constraint "draft_comment_pkey" primary key ("id"));`);
    this.addSql(`create index "draft_comment_draft_id_index" on "draft_comment" ("draft_id");`);

    this.addSql(`create table "correspondence" ("id" uuid not null, "file_id" uuid not null, "seq" int not null, "kind" varchar(10) not null, "receipt_id" uuid null, "draft_id" uuid null, "first_page" int not null, "page_count" int not null, "flag" varchar(10) null, "added_by_post_id" uuid not null, "added_by_user_id" uuid not null, "added_at" timestamptz not null, constraint "correspondence_pkey" primary key ("id"));`);
    this.addSql(`alter table "correspondence" add constraint "correspondence_receipt_id_unique" unique ("receipt_id");`);
    this.addSql(`alter table "correspondence" add constraint "correspondence_file_id_seq_unique" unique ("file_id", "seq");`);

    this.addSql(`alter table "file_head" add constraint "file_head_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);

    this.addSql(`alter table "file_counter" add constraint "file_counter_head_id_foreign" foreign key ("head_id") references "file_head" ("id") on update cascade;`);

    this.addSql(`alter table "efile" add constraint "efile_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "efile" add constraint "efile_head_id_foreign" foreign key ("head_id") references "file_head" ("id") on update cascade;`);
    this.addSql(`alter table "efile" add constraint "efile_parent_id_foreign" foreign key ("parent_id") references "efile" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "efile" add constraint "efile_created_by_post_id_foreign" foreign key ("created_by_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "efile" add constraint "efile_created_by_user_id_foreign" foreign key ("created_by_user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "efile" add constraint "efile_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade;`);

    this.addSql(`alter table "note" add constraint "note_file_id_foreign" foreign key ("file_id") references "efile" ("id") on update cascade;`);
    this.addSql(`alter table "note" add constraint "note_author_post_id_foreign" foreign key ("author_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "note" add constraint "note_author_user_id_foreign" foreign key ("author_user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "file_link" add constraint "file_link_a_id_foreign" foreign key ("a_id") references "efile" ("id") on update cascade;`);
    this.addSql(`alter table "file_link" add constraint "file_link_b_id_foreign" foreign key ("b_id") references "efile" ("id") on update cascade;`);
    this.addSql(`alter table "file_link" add constraint "file_link_created_by_post_id_foreign" foreign key ("created_by_post_id") references "post" ("id") on update cascade;`);

    this.addSql(`alter table "draft" add constraint "draft_file_id_foreign" foreign key ("file_id") references "efile" ("id") on update cascade;`);
    this.addSql(`alter table "draft" add constraint "draft_approved_by_post_id_foreign" foreign key ("approved_by_post_id") references "post" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "draft" add constraint "draft_approved_by_user_id_foreign" foreign key ("approved_by_user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "draft" add constraint "draft_created_by_post_id_foreign" foreign key ("created_by_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "draft" add constraint "draft_created_by_user_id_foreign" foreign key ("created_by_user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "draft_version" add constraint "draft_version_draft_id_foreign" foreign key ("draft_id") references "draft" ("id") on update cascade;`);
    this.addSql(`alter table "draft_version" add constraint "draft_version_author_post_id_foreign" foreign key ("author_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "draft_version" add constraint "draft_version_author_user_id_foreign" foreign key ("author_user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "draft_comment" add constraint "draft_comment_draft_id_foreign" foreign key ("draft_id") references "draft" ("id") on update cascade;`);
    this.addSql(`alter table "draft_comment" add constraint "draft_comment_author_post_id_foreign" foreign key ("author_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "draft_comment" add constraint "draft_comment_author_user_id_foreign" foreign key ("author_user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "correspondence" add constraint "correspondence_file_id_foreign" foreign key ("file_id") references "efile" ("id") on update cascade;`);
    this.addSql(`alter table "correspondence" add constraint "correspondence_receipt_id_foreign" foreign key ("receipt_id") references "receipt" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "correspondence" add constraint "correspondence_draft_id_foreign" foreign key ("draft_id") references "draft" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "correspondence" add constraint "correspondence_added_by_post_id_foreign" foreign key ("added_by_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "correspondence" add constraint "correspondence_added_by_user_id_foreign" foreign key ("added_by_user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "receipt" add column "parked_at" timestamptz null, add column "closed_at" timestamptz null, add column "filed_in" uuid null;`);
    this.addSql(`create index "receipt_filed_in_index" on "receipt" ("filed_in");`);

    this.addSql(`alter table "movement" add column "opened_by_id" uuid null;`);
    this.addSql(`alter table "movement" add constraint "movement_opened_by_id_foreign" foreign key ("opened_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    // CSMOP: a note turned green (the file moved on) is locked for ever; the database refuses to change or delete it
    this.addSql(`create or replace function note_green_is_final() returns trigger language plpgsql as $$
      begin
        if old.state = 'green' then
          raise exception 'note % is green (locked) and cannot be changed', old.id using errcode = 'P0001';
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end $$;`);
    this.addSql(`create trigger note_green_is_final before update or delete on "note" for each row execute function note_green_is_final();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists note_green_is_final on "note";`);
    this.addSql(`drop function if exists note_green_is_final();`);
    this.addSql(`alter table "file_counter" drop constraint "file_counter_head_id_foreign";`);

    this.addSql(`alter table "efile" drop constraint "efile_head_id_foreign";`);

    this.addSql(`alter table "efile" drop constraint "efile_parent_id_foreign";`);

    this.addSql(`alter table "note" drop constraint "note_file_id_foreign";`);

    this.addSql(`alter table "file_link" drop constraint "file_link_a_id_foreign";`);

    this.addSql(`alter table "file_link" drop constraint "file_link_b_id_foreign";`);

    this.addSql(`alter table "draft" drop constraint "draft_file_id_foreign";`);

    this.addSql(`alter table "correspondence" drop constraint "correspondence_file_id_foreign";`);

    this.addSql(`alter table "draft_version" drop constraint "draft_version_draft_id_foreign";`);

    this.addSql(`alter table "draft_comment" drop constraint "draft_comment_draft_id_foreign";`);

    this.addSql(`alter table "correspondence" drop constraint "correspondence_draft_id_foreign";`);

    this.addSql(`drop table if exists "file_head" cascade;`);

    this.addSql(`drop table if exists "file_counter" cascade;`);

    this.addSql(`drop table if exists "efile" cascade;`);

    this.addSql(`drop table if exists "note" cascade;`);

    this.addSql(`drop table if exists "file_link" cascade;`);

    this.addSql(`drop table if exists "draft" cascade;`);

    this.addSql(`drop table if exists "draft_version" cascade;`);

    this.addSql(`drop table if exists "draft_comment" cascade;`);

    this.addSql(`drop table if exists "correspondence" cascade;`);

    this.addSql(`alter table "movement" drop constraint "movement_opened_by_id_foreign";`);

    this.addSql(`alter table "movement" drop column "opened_by_id";`);

    this.addSql(`drop index "receipt_filed_in_index";`);
    this.addSql(`alter table "receipt" drop column "parked_at", drop column "closed_at", drop column "filed_in";`);
  }

}
