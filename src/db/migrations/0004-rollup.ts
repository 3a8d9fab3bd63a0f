import type { AnyDb } from './column-types.js'

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
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['rollup_built', 'rollup_state']) await db.schema.dropTable(t).execute()
}
