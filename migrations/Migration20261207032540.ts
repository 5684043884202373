import { Migration } from '@mikro-orm/migrations';

export class Migration20261207032540 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "signing_request_item" add column "subject_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "signing_request_item" drop column "subject_id";`);
  }

}
