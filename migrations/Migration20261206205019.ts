import { Migration } from '@mikro-orm/migrations';

export class Migration20261206205019 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "outbox_message" add column "template" varchar(60) null, add column "params" jsonb null, add column "locale" varchar(2) null, add column "attempts" int not null default 0, add column "last_error" text null, add column "provider_ref" varchar(120) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox_message" drop column "template", drop column "params", drop column "locale", drop column "attempts", drop column "last_error", drop column "provider_ref";`);
  }

}
