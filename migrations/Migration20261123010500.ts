import { Migration } from '@mikro-orm/migrations';

/**
 * The pendency trigger refreshes one item's row from the pendency_source view on every move. With
 * its item type as a parameter PostgreSQL planned that view afresh on every call (a custom plan,
 * ~0.4 ms, most of the refresh); the generic plan prunes the other item type's branch at run time
 * just as well, so keep it.
 */
export class Migration20261123010500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter function pendency_refresh(varchar, uuid) set plan_cache_mode = force_generic_plan;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter function pendency_refresh(varchar, uuid) reset plan_cache_mode;`);
  }
}
