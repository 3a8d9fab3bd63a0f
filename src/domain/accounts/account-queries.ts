import { findAccountByUsername, findGrants, listAccountsWithin, listAudit, type AccountRow, type AuditRow } from '../../db/repositories/account.repository.js'
import type { Db } from '../database-handle.js'

export type { AccountRow, AuditRow }

/** Usernames are matched trimmed and in lower case, as they are stored. */
export async function accountByUsername(db: Db, username: string): Promise<AccountRow | undefined> {
  return findAccountByUsername(db, username.trim().toLowerCase())
}

export async function grantsOf(db: Db, accountId: number): Promise<{ role: string; unit_id: number }[]> {
  return findGrants(db, accountId)
}

export async function accountsWithin(db: Db, rootIds: readonly number[], afterId: number | null, limit: number): Promise<AccountRow[]> {
  return listAccountsWithin(db, rootIds, afterId, limit)
}

export async function auditPage(db: Db, q: { rootIds: readonly number[]; action?: string | null; beforeId: number | null; limit: number }): Promise<AuditRow[]> {
  return listAudit(db, q)
}
