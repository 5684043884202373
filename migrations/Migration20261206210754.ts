import { Migration } from '@mikro-orm/migrations';

export class Migration20261206210754 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "service" ("id" uuid not null, "code" varchar(20) not null, "live_version" int null, "created_at" timestamptz not null, "version" int not null default 1, constraint "service_pkey" primary key ("id"));`);
    this.addSql(`alter table "service" add constraint "service_code_unique" unique ("code");`);

    this.addSql(`create table "service_version" ("id" uuid not null, "service_id" uuid not null, "number" int not null, "definition" jsonb not null, "status" varchar(10) not null, "created_by" varchar(100) not null, "created_at" timestamptz not null, "published_at" timestamptz null, constraint "service_version_pkey" primary key ("id"));`);
    this.addSql(`alter table "service_version" add constraint "service_version_service_id_number_unique" unique ("service_id", "number");`);

    this.addSql(`alter table "service_version" add constraint "service_version_service_id_foreign" foreign key ("service_id") references "service" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "service_version" drop constraint "service_version_service_id_foreign";`);

    this.addSql(`drop table if exists "service" cascade;`);

    this.addSql(`drop table if exists "service_version" cascade;`);
  }

}
