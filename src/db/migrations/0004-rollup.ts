import { sql } from 'kysely'
import { isPostgres, type AnyDb } from './column-types.js'

/**
 * Maintained rollup state (domain.md §5): per form, period and unit, the node's aggregated figures in the period's
 * tree, kept current inside every commit transaction. `rollup_built` says which (form, period) pairs are maintained and
 * for which tree; a pair not listed (or built for another tree) is computed at query time.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('rollup_state')
    .addColumn('form_code', 'text', (c) => c.notNull())
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('parent_id', 'integer')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('texts', 'text')
    .addPrimaryKeyConstraint('rollup_state_pk', ['form_code', 'period_id', 'unit_id'])
    .execute()
  await db.schema.createIndex('rollup_state_parent').on('rollup_state').columns(['form_code', 'period_id', 'parent_id']).execute()
  await db.schema
    .createTable('rollup_built')
    .addColumn('form_code', 'text', (c) => c.notNull())
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('tree_sig', 'text', (c) => c.notNull())
    .addColumn('built_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_built_pk', ['form_code', 'period_id'])
    .execute()
  // Returns whose status changed (a draft submitted, a return reopened) without the maintenance hook being called in
  // the same transaction: the next query of their (form, period) applies them before reading the state.
  await db.schema
    .createTable('rollup_pending')
    .addColumn('form_code', 'text', (c) => c.notNull())
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('return_id', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('rollup_pending_pair').on('rollup_pending').columns(['form_code', 'period_id', 'return_id']).execute()
  if (isPostgres(db)) {
    await sql`create function rollup_return_status_changed() returns trigger language plpgsql as $$
      begin
        if new.status is distinct from old.status then
          insert into rollup_pending (form_code, period_id, return_id) values (new.form_code, new.period_id, new.id);
        end if;
        return new;
      end $$`.execute(db)
    await sql`create trigger returns_rollup_pending after update on returns for each row execute function rollup_return_status_changed()`.execute(db)
  } else {
    await sql`create trigger returns_rollup_pending after update of status on returns for each row when new.status is not old.status
      begin insert into rollup_pending (form_code, period_id, return_id) values (new.form_code, new.period_id, new.id); end`.execute(db)
  }
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger returns_rollup_pending${isPostgres(db) ? sql` on returns` : sql``}`.execute(db)
  if (isPostgres(db)) await sql`drop function rollup_return_status_changed()`.execute(db)
  for (const t of ['rollup_pending', 'rollup_built', 'rollup_state']) await db.schema.dropTable(t).execute()
}
