import { Migration } from '@mikro-orm/migrations';

export class Migration20261122191857 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "efile_trgm" on "efile" using gin ((coalesce(file_number, '') || ' ' || coalesce(subject, '') || ' ' || coalesce(category, '')) gin_trgm_ops);`);

    this.addSql(`create index "note_fts" on "note" using gin (to_tsvector('simple', body_text));`);
    this.addSql(`create index "note_trgm" on "note" using gin (body_text gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "efile_trgm";`);

    this.addSql(`drop index "note_fts";`);
    this.addSql(`drop index "note_trgm";`);
  }

}
