import {
  findCurrentValues, findReturn, findReturnById, findRevisions, findRevisionValues, findValueHistory, listReturns,
  type CurrentValueRow, type ReturnKey, type ReturnRow, type ReturnValueRow, type RevisionWithUpload, type ValueHistoryRow,
} from '../../db/repositories/return.repository.js'
import type { Db } from '../database-handle.js'

export type { CurrentValueRow, ReturnRow, ReturnValueRow, RevisionWithUpload, ValueHistoryRow }

export async function returnById(db: Db, id: number): Promise<ReturnRow | undefined> {
  return findReturnById(db, id)
}

export async function returnFor(db: Db, key: ReturnKey): Promise<ReturnRow | undefined> {
  return findReturn(db, key)
}

export async function returnsPage(
  db: Db,
  q: { withinUnitIds: readonly number[]; unitId?: number | null; formCode?: string | null; periodId?: string | null; statuses?: readonly string[] | null; afterId: number | null; limit: number },
): Promise<ReturnRow[]> {
  return listReturns(db, q)
}

export async function revisionsOf(db: Db, returnId: number): Promise<RevisionWithUpload[]> {
  return findRevisions(db, returnId)
}

export async function revisionValues(db: Db, revisionId: number): Promise<ReturnValueRow[]> {
  return findRevisionValues(db, revisionId)
}

export async function currentValues(db: Db, returnId: number): Promise<CurrentValueRow[]> {
  return findCurrentValues(db, returnId)
}

/** Every value the indicator took in the return, oldest first: who, when, from which file and cell. */
export async function valueHistory(db: Db, returnId: number, indicatorCode: string): Promise<ValueHistoryRow[]> {
  return findValueHistory(db, returnId, indicatorCode)
}
