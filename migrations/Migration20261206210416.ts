import { Migration } from '@mikro-orm/migrations';

export class Migration20261206210416 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "area" ("id" uuid not null, "code" varchar(40) not null, "kind" varchar(20) not null, "name_en" varchar(200) not null, "name_hi" varchar(200) not null, "parent_id" uuid null, "police_area_id" uuid null, "state" varchar(10) null, "pins" text[] not null default '{}', "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "area_pkey" primary key ("id"));`);
    this.addSql(`alter table "area" add constraint "area_code_unique" unique ("code");`);
    this.addSql(`create index "area_kind_index" on "area" ("kind");`);
    this.addSql(`create index "area_parent_id_index" on "area" ("parent_id");`);
    this.addSql(`create index "area_police_area_id_index" on "area" ("police_area_id");`);
    this.addSql(`create index "area_pins_index" on "area" using gin ("pins");`);

    this.addSql(`create table "area_service" ("id" uuid not null, "area_id" uuid not null, "role" varchar(20) not null, "office_id" uuid not null, "post_id" uuid null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "area_service_pkey" primary key ("id"));`);
    this.addSql(`create index "area_service_office_id_index" on "area_service" ("office_id");`);
    this.addSql(`create index "area_service_post_id_index" on "area_service" ("post_id");`);
    this.addSql(`alter table "area_service" add constraint "area_service_area_id_role_unique" unique ("area_id", "role");`);

    this.addSql(`alter table "area" add constraint "area_parent_id_foreign" foreign key ("parent_id") references "area" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "area" add constraint "area_police_area_id_foreign" foreign key ("police_area_id") references "area" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "area_service" add constraint "area_service_area_id_foreign" foreign key ("area_id") references "area" ("id") on update cascade;`);
    this.addSql(`alter table "area_service" add constraint "area_service_office_id_foreign" foreign key ("office_id") references "office" ("id") on update cascade;`);
    this.addSql(`alter table "area_service" add constraint "area_service_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "area" drop constraint "area_parent_id_foreign";`);

    this.addSql(`alter table "area" drop constraint "area_police_area_id_foreign";`);

    this.addSql(`alter table "area_service" drop constraint "area_service_area_id_foreign";`);

    this.addSql(`drop table if exists "area" cascade;`);

    this.addSql(`drop table if exists "area_service" cascade;`);
  }

}
