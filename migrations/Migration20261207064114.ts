import { Migration } from '@mikro-orm/migrations';

export class Migration20261207064114 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "receipt_fts";`);
    this.addSql(`drop index "receipt_trgm";`);

    this.addSql(`alter table "receipt" add column "search_text" text generated always as (search_key(coalesce(subject, '') || ' ' || coalesce(sender::text, '') || ' ' || coalesce(letter_number::text, '') || ' ' || coalesce(diary_number::text, '') || ' ' || coalesce(category::text, ''))) stored null;`);
    this.addSql(`create index "receipt_key_fts" on "receipt" using gin (to_tsvector('simple', search_text));`);
    this.addSql(`create index "receipt_key_trgm" on "receipt" using gin (search_text gin_trgm_ops);`);

    this.addSql(`drop index "receipt_page_fts";`);
    this.addSql(`drop index "receipt_page_trgm";`);

    this.addSql(`alter table "receipt_page" add column "search_text" text generated always as (search_key(coalesce(ocr_text, ''))) stored null;`);
    this.addSql(`create index "receipt_page_key_fts" on "receipt_page" using gin (to_tsvector('simple', search_text));`);
    this.addSql(`create index "receipt_page_key_trgm" on "receipt_page" using gin (search_text gin_trgm_ops);`);

    this.addSql(`drop index "efile_fts";`);
    this.addSql(`drop index "efile_trgm";`);

    this.addSql(`alter table "efile" add column "search_text" text generated always as (search_key(coalesce(file_number::text, '') || ' ' || coalesce(subject, '') || ' ' || coalesce(category::text, ''))) stored null;`);
    this.addSql(`create index "efile_key_fts" on "efile" using gin (to_tsvector('simple', search_text));`);
    this.addSql(`create index "efile_key_trgm" on "efile" using gin (search_text gin_trgm_ops);`);

    this.addSql(`drop index "note_fts";`);
    this.addSql(`drop index "note_trgm";`);

    this.addSql(`alter table "note" add column "search_text" text generated always as (search_key(body_text)) stored null;`);
    this.addSql(`create index "note_key_fts" on "note" using gin (to_tsvector('simple', search_text));`);
    this.addSql(`create index "note_key_trgm" on "note" using gin (search_text gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "efile_key_fts";`);
    this.addSql(`drop index "efile_key_trgm";`);
    this.addSql(`alter table "efile" drop column "search_text";`);

    this.addSql(`CREATE INDEX efile_fts ON public.efile USING gin (to_tsvector('simple'::regconfig, (((((COALESCE(file_number, ''::character varying))::text || ' '::text) || COALESCE(subject, ''::text)) || ' '::text) || (COALESCE(category, ''::character varying))::text)));`);
    this.addSql(`CREATE INDEX efile_trgm ON public.efile USING gin (((((((COALESCE(file_number, ''::character varying))::text || ' '::text) || COALESCE(subject, ''::text)) || ' '::text) || (COALESCE(category, ''::character varying))::text)) gin_trgm_ops);`);

    this.addSql(`drop index "note_key_fts";`);
    this.addSql(`drop index "note_key_trgm";`);
    this.addSql(`alter table "note" drop column "search_text";`);

    this.addSql(`CREATE INDEX note_fts ON public.note USING gin (to_tsvector('simple'::regconfig, body_text));`);
    this.addSql(`create index "note_trgm" on "note" using gin (body_text gin_trgm_ops);`);

    this.addSql(`drop index "receipt_key_fts";`);
    this.addSql(`drop index "receipt_key_trgm";`);
    this.addSql(`alter table "receipt" drop column "search_text";`);

    this.addSql(`CREATE INDEX receipt_fts ON public.receipt USING gin (to_tsvector('simple'::regconfig, ((((((((COALESCE(subject, ''::text) || ' '::text) || (COALESCE(sender, ''::character varying))::text) || ' '::text) || (COALESCE(letter_number, ''::character varying))::text) || ' '::text) || (COALESCE(diary_number, ''::character varying))::text) || ' '::text) || (COALESCE(category, ''::character varying))::text)));`);
    this.addSql(`CREATE INDEX receipt_trgm ON public.receipt USING gin ((((((((((COALESCE(subject, ''::text) || ' '::text) || (COALESCE(sender, ''::character varying))::text) || ' '::text) || (COALESCE(letter_number, ''::character varying))::text) || ' '::text) || (COALESCE(diary_number, ''::character varying))::text) || ' '::text) || (COALESCE(category, ''::character varying))::text)) gin_trgm_ops);`);

    this.addSql(`drop index "receipt_page_key_fts";`);
    this.addSql(`drop index "receipt_page_key_trgm";`);
    this.addSql(`alter table "receipt_page" drop column "search_text";`);

    this.addSql(`CREATE INDEX receipt_page_fts ON public.receipt_page USING gin (to_tsvector('simple'::regconfig, COALESCE(ocr_text, ''::text)));`);
    this.addSql(`create index "receipt_page_trgm" on "receipt_page" using gin (ocr_text gin_trgm_ops);`);
  }

}
