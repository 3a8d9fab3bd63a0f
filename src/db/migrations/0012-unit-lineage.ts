import { realType, withId, type AnyDb } from './column-types.js'

/**
 * Lineage between units across a reorganization (issue #17): each row says that from `effective_on` the figures of
 * `source_unit_id` continue in `target_unit_id`, for `share` of them (1 for a merge, a rename or an upgrade; a split
 * gives one share per target, or per indicator when `indicator_code` is set, e.g. by population). Rows of one
 * reorganization share `event_id` (the audit trail names it). The tree of each period stays as it was reported.
 */
export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('unit_lineage'))
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('target_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('share', realType(db), (c) => c.notNull())
    .addColumn('indicator_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('unit_lineage_source').on('unit_lineage').columns(['source_unit_id', 'effective_on']).execute()
  await db.schema.createIndex('unit_lineage_target').on('unit_lineage').columns(['target_unit_id', 'effective_on']).execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('unit_lineage').execute()
}
