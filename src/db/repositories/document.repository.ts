import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Database } from '../database-types.js'
import type { DocumentLinkTable, DocumentTable } from '../tables/foundation-tables.js'
import { chunks } from './batch-insert.js'
import { inValues } from './value-list.js'

export type DocumentRow = Selectable<DocumentTable>
type Db = Kysely<Database>

export async function insertDocuments(db: Db, rows: Insertable<DocumentTable>[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  for (const batch of chunks(rows)) {
    for (const r of await db.insertInto('documents').values(batch).returning(['id', 'key']).execute()) ids.set(r.key, r.id)
  }
  return ids
}

export async function insertDocumentLinks(db: Db, rows: DocumentLinkTable[]): Promise<void> {
  for (const batch of chunks(rows)) await db.insertInto('document_links').values(batch).execute()
}

export async function findDocumentsByIds(db: Db, ids: readonly number[]): Promise<DocumentRow[]> {
  if (ids.length === 0) return []
  return db.selectFrom('documents').selectAll().where(inValues(db, 'id', ids)).execute()
}

export async function findDocumentByKeyOrSymbol(db: Db, keyOrSymbol: string): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where((eb) => eb.or([eb('key', '=', keyOrSymbol), eb('symbol', '=', keyOrSymbol)]))
    .orderBy('id')
    .executeTakeFirst()
}

/** Every document with this number/symbol, by id: drafts ("-KH/ĐU") and State symbols of other years can share one. */
export async function findDocumentsBySymbol(db: Db, symbol: string): Promise<DocumentRow[]> {
  return db.selectFrom('documents').selectAll().where('symbol', '=', symbol).orderBy('id').execute()
}

export async function listDocuments(db: Db, q: { afterId: number | null; limit: number; issuingUnitIds?: readonly number[] | null }): Promise<DocumentRow[]> {
  let query = db.selectFrom('documents').selectAll()
  if (q.afterId !== null) query = query.where('id', '>', q.afterId)
  if (q.issuingUnitIds) query = query.where(inValues(db, 'issuing_unit_id', q.issuingUnitIds))
  return query.orderBy('id').limit(q.limit).execute()
}

/** Links in both directions for many documents at once. */
export async function findLinks(db: Db, documentIds: readonly number[], direction: 'implements' | 'implementedBy'): Promise<DocumentLinkTable[]> {
  if (documentIds.length === 0) return []
  const column = direction === 'implements' ? 'document_id' : 'implements_id'
  return db.selectFrom('document_links').selectAll().where(inValues(db, column, documentIds)).orderBy('document_id').orderBy('implements_id').execute()
}
