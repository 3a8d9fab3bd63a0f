import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findUnitByCode, searchUnits, type UnitRow } from '../../db/repositories/unit.repository.js'

export type { UnitRow }
import { foldForSearch } from '../text/vietnamese-text.js'
import type { UnitKind } from './unit-vocabulary.js'

type Db = Kysely<Database>

export async function unitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  return findUnitByCode(db, code.trim())
}

export interface UnitSearchInput {
  text?: string | null
  kinds?: readonly UnitKind[] | null
  withinUnitIds: readonly number[] | null
  includeClosed?: boolean
  onDate?: string | null
  after?: { sortKey: string; id: number } | null
  limit: number
}

/** Diacritics- and case-insensitive ("phuc loi" finds "Phúc Lợi"), in Vietnamese order. */
export async function findUnits(db: Db, input: UnitSearchInput): Promise<UnitRow[]> {
  const folded = input.text ? foldForSearch(input.text) : null
  return searchUnits(db, { ...input, folded })
}

/** The parent a unit had on a date, from its history of moves; undefined when it did not exist then. */
export function parentOn(history: readonly { parent_id: number | null; valid_from: string | null; valid_to: string | null }[], date: string): number | null | undefined {
  const h = history.find((r) => (r.valid_from === null || r.valid_from <= date) && (r.valid_to === null || r.valid_to >= date))
  return h ? h.parent_id : undefined
}
