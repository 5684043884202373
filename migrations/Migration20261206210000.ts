import { Migration } from '@mikro-orm/migrations';

/**
 * A supervisor's reminder to the holder of a pending item (issue 14 item 2): one row per item and
 * day (the unique key is the rate limit: one reminder per item a day, whoever sends it), and the
 * sending post on the holder's notification.
 */
export class Migration20261206210000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "pendency_nudge" ("id" uuid not null, "item_type" varchar(10) not null, "item_id" uuid not null, "day" date not null, "held_since" timestamptz not null, "holder_post_id" uuid not null, "from_post_id" uuid not null, "user_id" uuid not null, "notification_id" uuid not null, "created_at" timestamptz not null, constraint "pendency_nudge_pkey" primary key ("id"));`);
    this.addSql(`alter table "pendency_nudge" add constraint "pendency_nudge_item_type_item_id_day_unique" unique ("item_type", "item_id", "day");`);
    this.addSql(`alter table "pendency_nudge" add constraint "pendency_nudge_holder_post_id_foreign" foreign key ("holder_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "pendency_nudge" add constraint "pendency_nudge_from_post_id_foreign" foreign key ("from_post_id") references "post" ("id") on update cascade;`);
    this.addSql(`alter table "pendency_nudge" add constraint "pendency_nudge_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "notification" add column "from_post_id" uuid null;`);
    this.addSql(`alter table "notification" add constraint "notification_from_post_id_foreign" foreign key ("from_post_id") references "post" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "notification" drop constraint "notification_from_post_id_foreign";`);
    this.addSql(`alter table "notification" drop column "from_post_id";`);
    this.addSql(`drop table if exists "pendency_nudge" cascade;`);
  }
}
