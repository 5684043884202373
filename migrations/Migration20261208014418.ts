import { Migration } from '@mikro-orm/migrations';

/**
 * A search's first look at the recent items (search.queries.ts, Recent): receipts and files by creation, their
 * pages and notes by their own time, each ANDed with the words' full-text index.
 */
export class Migration20261208014418 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "receipt_created_at" on "receipt" ("created_at");`);

    this.addSql(`create index "receipt_page_updated_at" on "receipt_page" ("updated_at");`);

    this.addSql(`create index "efile_created_at" on "efile" ("created_at");`);

    this.addSql(`create index "note_created_at" on "note" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "efile_created_at";`);

    this.addSql(`drop index "note_created_at";`);

    this.addSql(`drop index "receipt_created_at";`);

    this.addSql(`drop index "receipt_page_updated_at";`);
  }

}
