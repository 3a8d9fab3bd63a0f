import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findGrants } from '../../db/repositories/account.repository.js'
import { findRootUnitIds, findScopeLinks } from '../../db/repositories/unit.repository.js'
import { recordAudit, type AuditEntry } from '../audit/audit-service.js'

type Db = Kysely<Database>

/**
 * Where an account's own records (logins, logouts, password changes) are filed: the units it holds roles on, so the
 * administrators over any of them see them and no other subtree's do. A unit under another of its role units is
 * dropped (its record would repeat for the same administrators). Unknown usernames and accounts without roles are
 * filed at the root: only the administrators of the whole tree see them.
 */
export async function accountAuditUnitIds(db: Db, accountId: number | null): Promise<number[]> {
  const units = accountId === null ? [] : [...new Set((await findGrants(db, accountId)).map((g) => g.unit_id))]
  if (units.length === 0) return findRootUnitIds(db)
  if (units.length === 1) return units
  const covered = new Set((await findScopeLinks(db, units, units)).filter((l) => l.ancestor_id !== l.descendant_id).map((l) => l.descendant_id))
  return units.filter((u) => !covered.has(u))
}

/** One audit row per unit the account's record belongs to. */
export async function recordAccountAudit(db: Db, accountId: number | null, entry: Omit<AuditEntry, 'unitId'>, unitIds?: readonly number[]): Promise<void> {
  const units = unitIds ?? (await accountAuditUnitIds(db, accountId))
  // a database without units yet (first start) still keeps the record
  if (units.length === 0) return recordAudit(db, entry)
  for (const unitId of units) await recordAudit(db, { ...entry, unitId })
}
