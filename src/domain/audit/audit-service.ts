import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { insertAudit } from '../../db/repositories/account.repository.js'

export interface AuditEntry {
  action: string
  accountId?: number | null
  username?: string | null
  unitId?: number | null
  target?: string | null
  details?: Record<string, unknown> | null
  clientAddress?: string | null
}

/** Appends to the audit trail. Pass the transaction of the change itself, so a change and its record land together. */
export async function recordAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await insertAudit(db, {
    at: new Date().toISOString(),
    account_id: e.accountId ?? null,
    username: e.username ?? null,
    action: e.action,
    unit_id: e.unitId ?? null,
    target: e.target ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
    client_address: e.clientAddress ?? null,
  })
}
