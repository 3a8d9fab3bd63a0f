import type { Kysely } from 'kysely'
import type { Database } from '../database-types.js'

type Db = Kysely<Database>

export interface CommittedReturn {
  id: number
  unit_id: number
  unit_code: string
  form_code: string
  period_id: string
  scope: string
  current_revision: number
  revision_id: number | null
  upload_id: number | null
}

/** Every return with at least one revision, its current revision and the upload behind it, one page at a time. */
export async function listCommittedReturns(db: Db, afterId: number, limit: number): Promise<CommittedReturn[]> {
  return db
    .selectFrom('returns')
    .innerJoin('units', 'units.id', 'returns.unit_id')
    .leftJoin('return_revisions', (j) => j.onRef('return_revisions.return_id', '=', 'returns.id').onRef('return_revisions.number', '=', 'returns.current_revision'))
    .select([
      'returns.id',
      'returns.unit_id',
      'units.code as unit_code',
      'returns.form_code',
      'returns.period_id',
      'returns.scope',
      'returns.current_revision',
      'return_revisions.id as revision_id',
      'return_revisions.upload_id',
    ])
    .where('returns.current_revision', '>', 0)
    .where('returns.id', '>', afterId)
    .orderBy('returns.id')
    .limit(limit)
    .execute()
}

export async function revisionNumbers(db: Db, returnId: number): Promise<number[]> {
  const rows = await db.selectFrom('return_revisions').select('number').where('return_id', '=', returnId).orderBy('number').execute()
  return rows.map((r) => r.number)
}

export async function loadRollupStates(db: Db, formCode: string, periodId: string): Promise<{ unit_id: number; parent_id: number | null; state: string; texts: string | null }[]> {
  return db.selectFrom('rollup_state').select(['unit_id', 'parent_id', 'state', 'texts']).where('form_code', '=', formCode).where('period_id', '=', periodId).orderBy('unit_id').execute()
}
