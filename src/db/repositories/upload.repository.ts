import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Database } from '../database-types.js'
import type { UploadTable } from '../tables/return-tables.js'

export type UploadRow = Selectable<UploadTable>
type Db = Kysely<Database>

export async function insertUpload(db: Db, row: Insertable<UploadTable>): Promise<number> {
  const r = await db.insertInto('uploads').values(row).returning('id').executeTakeFirstOrThrow()
  return r.id
}

export async function findUploadById(db: Db, id: number): Promise<UploadRow | undefined> {
  return db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The SHA-256 of the file behind a return's current revision, or null. */
export async function currentUploadSha(db: Db, returnId: number): Promise<string | null> {
  const r = await db
    .selectFrom('returns')
    .innerJoin('return_revisions', (j) => j.onRef('return_revisions.return_id', '=', 'returns.id').onRef('return_revisions.number', '=', 'returns.current_revision'))
    .innerJoin('uploads', 'uploads.id', 'return_revisions.upload_id')
    .select('uploads.sha256')
    .where('returns.id', '=', returnId)
    .executeTakeFirst()
  return r?.sha256 ?? null
}

export async function countUploads(db: Db): Promise<number> {
  const r = await db.selectFrom('uploads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Whether the bytes of a file with this hash are already stored (any outcome). */
export async function isFileStored(db: Db, sha256: string): Promise<boolean> {
  const r = await db.selectFrom('uploads').select('id').where('sha256', '=', sha256).where('content_dropped', 'is', null).limit(1).executeTakeFirst()
  return r !== undefined
}

/** Bytes of refused and duplicate files kept since a time, for one account or (null) for everyone: index-only. */
export async function keptEvidenceBytes(db: Db, since: string, accountId: number | null | undefined): Promise<number> {
  let q = db
    .selectFrom('uploads')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size_bytes'), eb.lit(0)).as('n'))
    .where('uploaded_at', '>=', since)
    .where('outcome', '<>', 'committed')
    .where('content_dropped', 'is', null)
  if (accountId !== undefined) q = accountId === null ? q.where('uploaded_by', 'is', null) : q.where('uploaded_by', '=', accountId)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

export async function lastUploadId(db: Db): Promise<number | null> {
  const r = await db.selectFrom('uploads').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
  return r?.id == null ? null : Number(r.id)
}
