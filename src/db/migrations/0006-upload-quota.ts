import type { AnyDb } from './column-types.js'

/**
 * Refused and duplicate files are kept as evidence only within a quota (src/domain/returns/kept-file-quota.ts).
 * `content_dropped` says why an upload's bytes were not kept (NULL: kept, as for every upload before this migration);
 * the two covering indexes let the quota sum an account's, and everyone's, kept bytes of the last day without reading
 * the table, whose rows carry the files.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('uploads').addColumn('content_dropped', 'text').execute()
  await db.schema.createIndex('uploads_kept_by_account').on('uploads').columns(['uploaded_by', 'uploaded_at', 'outcome', 'content_dropped', 'size_bytes']).execute()
  await db.schema.createIndex('uploads_kept_by_time').on('uploads').columns(['uploaded_at', 'outcome', 'content_dropped', 'size_bytes']).execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('uploads_kept_by_time').execute()
  await db.schema.dropIndex('uploads_kept_by_account').execute()
  await db.schema.alterTable('uploads').dropColumn('content_dropped').execute()
}
