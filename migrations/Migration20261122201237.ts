import { Migration } from '@mikro-orm/migrations';

export class Migration20261122201237 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "receipt_inbox_priority" on "receipt" ("holder_post_id", (case priority when 'most_immediate' then 0 when 'immediate' then 1 else 2 end), "held_since") where status in ('draft', 'diarised') and parked_at is null;`);
    this.addSql(`create index "receipt_inbox_received" on "receipt" ("holder_post_id", "held_since") where status in ('draft', 'diarised') and parked_at is null;`);

    this.addSql(`create index "efile_inbox_priority" on "efile" ("holder_post_id", (case priority when 'most_immediate' then 0 when 'immediate' then 1 else 2 end), "held_since") where status = 'open' and parked_at is null;`);
    this.addSql(`create index "efile_inbox_received" on "efile" ("holder_post_id", "held_since") where status = 'open' and parked_at is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "efile_inbox_priority";`);
    this.addSql(`drop index "efile_inbox_received";`);

    this.addSql(`drop index "receipt_inbox_priority";`);
    this.addSql(`drop index "receipt_inbox_received";`);
  }

}
