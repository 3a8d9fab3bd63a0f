import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { loadReadableRollupHead, type RollupHead } from '../../db/repositories/rollup-state.repository.js'
import type { AccessScope } from '../access/access-scope.js'
import { DomainError } from '../domain-error.js'

type Db = Kysely<Database>

/**
 * The unit a rollup names, checked against the viewer's grant units (`rootIds`: it must lie in one of their
 * subtrees, as AccessScope.canRead says), with its head for `periodId`, in one statement. A unit that does not exist
 * and one outside the scope get the same UNIT_NOT_FOUND, as `readableUnitByCode` answers; the head of a unit outside
 * the scope is dropped unread. A session the request took from the cache is confirmed in the same statement.
 */
export async function readableRollupHead(db: Db, access: AccessScope, unitCode: string, formCode: string, periodId: string): Promise<RollupHead> {
  const pending = access.sessionToConfirm()
  const found = await loadReadableRollupHead(db, unitCode, formCode, periodId, access.rootIds(), pending && { sessionId: pending.sessionId, now: new Date().toISOString() })
  if (pending && found) access.confirmSession(found.sessionState)
  if (!found?.readable) throw new DomainError('UNIT_NOT_FOUND', `Không tìm thấy đơn vị có mã "${unitCode}"`)
  return found.head
}
