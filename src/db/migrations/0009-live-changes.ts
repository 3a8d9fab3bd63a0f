import { withId, type AnyDb } from './column-types.js'

/**
 * Live updates (issue #16 item 6): on SQLite the change channel between server processes is this table. The
 * transaction that commits a return or a workflow step writes a row here, so a change is announced exactly when it
 * commits; each process polls it by id. Rows older than a few minutes are trimmed by the writers, so it stays small.
 * On PostgreSQL the channel is LISTEN/NOTIFY and the table stays empty; it exists there too so both databases have
 * the same schema (a backup taken on one restores into the other).
 */
export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('live_changes'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('live_changes_created').on('live_changes').column('created_at').execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('live_changes').execute()
}
