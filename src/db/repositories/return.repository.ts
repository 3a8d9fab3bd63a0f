import type { Insertable, Kysely, Selectable, Updateable } from 'kysely'
import type { Database } from '../database-types.js'
import type { CurrentValueTable, ReturnRevisionTable, ReturnTable, ReturnValueTable } from '../tables/return-tables.js'
import { chunks } from './batch-insert.js'
import { inValues } from './value-list.js'

export type ReturnRow = Selectable<ReturnTable>
export type RevisionRow = Selectable<ReturnRevisionTable>
export type ReturnValueRow = Selectable<ReturnValueTable>
export type CurrentValueRow = Selectable<CurrentValueTable>
type Db = Kysely<Database>

export interface ReturnKey {
  unitId: number
  formCode: string
  periodId: string
  scope: string
}

export async function findReturn(db: Db, key: ReturnKey): Promise<ReturnRow | undefined> {
  return findReturnForUpdate(db, key, false)
}

/** The return row, locked for the rest of the transaction where the dialect can lock rows (PostgreSQL). */
export async function findReturnForUpdate(db: Db, key: ReturnKey, lockRow: boolean): Promise<ReturnRow | undefined> {
  let q = db
    .selectFrom('returns')
    .selectAll()
    .where('unit_id', '=', key.unitId)
    .where('form_code', '=', key.formCode)
    .where('period_id', '=', key.periodId)
    .where('scope', '=', key.scope)
  if (lockRow) q = q.forUpdate()
  return q.executeTakeFirst()
}

export async function findReturnById(db: Db, id: number): Promise<ReturnRow | undefined> {
  return db.selectFrom('returns').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findReturnByIdForUpdate(db: Db, id: number, lockRow: boolean): Promise<ReturnRow | undefined> {
  let q = db.selectFrom('returns').selectAll().where('id', '=', id)
  if (lockRow) q = q.forUpdate()
  return q.executeTakeFirst()
}

/** Creates the return unless it exists; the unique (unit, form, period, scope) makes a concurrent twin wait, then do nothing. */
export async function insertReturnIfAbsent(db: Db, row: Insertable<ReturnTable>): Promise<void> {
  await db
    .insertInto('returns')
    .values(row)
    .onConflict((oc) => oc.columns(['unit_id', 'form_code', 'period_id', 'scope']).doNothing())
    .execute()
}

export async function updateReturn(db: Db, id: number, patch: Updateable<ReturnTable>): Promise<void> {
  await db.updateTable('returns').set(patch).where('id', '=', id).execute()
}

export async function insertRevision(db: Db, row: Insertable<ReturnRevisionTable>): Promise<number> {
  const r = await db.insertInto('return_revisions').values(row).returning('id').executeTakeFirstOrThrow()
  return r.id
}

export async function insertReturnValues(db: Db, rows: Insertable<ReturnValueTable>[]): Promise<void> {
  for (const batch of chunks(rows)) await db.insertInto('return_values').values(batch).execute()
}

export async function replaceCurrentValues(db: Db, returnId: number, rows: CurrentValueTable[]): Promise<void> {
  await db.deleteFrom('current_values').where('return_id', '=', returnId).execute()
  for (const batch of chunks(rows)) await db.insertInto('current_values').values(batch).execute()
}

export async function listReturns(
  db: Db,
  q: { withinUnitIds: readonly number[]; unitId?: number | null; formCode?: string | null; periodId?: string | null; statuses?: readonly string[] | null; afterId: number | null; limit: number },
): Promise<ReturnRow[]> {
  const roots = q.withinUnitIds.length ? q.withinUnitIds : [-1]
  let query = db
    .selectFrom('returns')
    .selectAll()
    .where('unit_id', 'in', (eb) => eb.selectFrom('unit_closure').select('descendant_id').where(inValues(db, 'ancestor_id', roots)))
  if (q.unitId != null) query = query.where('unit_id', '=', q.unitId)
  if (q.formCode) query = query.where('form_code', '=', q.formCode)
  if (q.periodId) query = query.where('period_id', '=', q.periodId)
  if (q.statuses?.length) query = query.where('status', 'in', q.statuses)
  if (q.afterId !== null) query = query.where('id', '>', q.afterId)
  return query.orderBy('id').limit(q.limit).execute()
}

export interface RevisionWithUpload extends RevisionRow {
  sha256: string | null
  file_name: string | null
  username: string | null
}

export async function findRevisions(db: Db, returnId: number): Promise<RevisionWithUpload[]> {
  return db
    .selectFrom('return_revisions')
    .leftJoin('uploads', 'uploads.id', 'return_revisions.upload_id')
    .leftJoin('accounts', 'accounts.id', 'return_revisions.created_by')
    .selectAll('return_revisions')
    .select(['uploads.sha256', 'uploads.file_name', 'accounts.username'])
    .where('return_revisions.return_id', '=', returnId)
    .orderBy('return_revisions.number')
    .execute()
}

export async function findRevisionValues(db: Db, revisionId: number): Promise<ReturnValueRow[]> {
  return db.selectFrom('return_values').selectAll().where('revision_id', '=', revisionId).orderBy('id').execute()
}

export async function findCurrentValues(db: Db, returnId: number): Promise<CurrentValueRow[]> {
  return db.selectFrom('current_values').selectAll().where('return_id', '=', returnId).orderBy('indicator_code').execute()
}

export interface ValueHistoryRow {
  revision: number
  created_at: string
  username: string | null
  file_name: string | null
  sha256: string | null
  num_value: number | null
  text_value: string | null
  place: string | null
}

/** Each revision's value of one indicator, oldest first: who, when, from which file. */
export async function findValueHistory(db: Db, returnId: number, indicatorCode: string): Promise<ValueHistoryRow[]> {
  return db
    .selectFrom('return_values')
    .innerJoin('return_revisions', 'return_revisions.id', 'return_values.revision_id')
    .leftJoin('uploads', 'uploads.id', 'return_revisions.upload_id')
    .leftJoin('accounts', 'accounts.id', 'return_revisions.created_by')
    .select([
      'return_revisions.number as revision',
      'return_revisions.created_at',
      'accounts.username',
      'uploads.file_name',
      'uploads.sha256',
      'return_values.num_value',
      'return_values.text_value',
      'return_values.place',
    ])
    .where('return_revisions.return_id', '=', returnId)
    .where('return_values.indicator_code', '=', indicatorCode)
    .orderBy('return_revisions.number')
    .execute()
}

/** Row counts of the returns tables, for tests and checks that nothing was written. */
export async function countReturnRows(db: Db): Promise<{ returns: number; revisions: number; values: number; current: number }> {
  const n = async (t: 'returns' | 'return_revisions' | 'return_values' | 'current_values') =>
    Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  return { returns: await n('returns'), revisions: await n('return_revisions'), values: await n('return_values'), current: await n('current_values') }
}
