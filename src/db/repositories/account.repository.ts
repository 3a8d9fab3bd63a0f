import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable } from 'kysely'
import type { Database } from '../database-types.js'
import type { AccountTable, AuditLogTable } from '../tables/account-tables.js'
import { reusableQuery } from './reusable-query.js'
import { inValues } from './value-list.js'
import { isPostgres } from './sql-dialect.js'

export type AccountRow = Selectable<AccountTable>
export type AuditRow = Selectable<AuditLogTable>
type Db = Kysely<Database>

export async function insertAccount(db: Db, row: Insertable<AccountTable>): Promise<number> {
  return (await db.insertInto('accounts').values(row).returning('id').executeTakeFirstOrThrow()).id
}

export async function findAccountByUsername(db: Db, username: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst()
}

export async function findAccountById(db: Db, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updatePasswordHash(db: Db, accountId: number, hash: string): Promise<void> {
  await db.updateTable('accounts').set({ password_hash: hash }).where('id', '=', accountId).execute()
}

export async function updateAccountProfile(db: Db, accountId: number, profile: { display_name: string; signer_title: string | null }): Promise<void> {
  await db.updateTable('accounts').set(profile).where('id', '=', accountId).execute()
}

export async function countAccounts(db: Db): Promise<number> {
  return Number((await db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

export async function findGrants(db: Db, accountId: number): Promise<{ role: string; unit_id: number }[]> {
  return db.selectFrom('account_roles').select(['role', 'unit_id']).where('account_id', '=', accountId).orderBy('id').execute()
}

export async function insertGrant(db: Db, row: { account_id: number; role: string; unit_id: number; granted_by: number | null; granted_at: string }): Promise<void> {
  await db.insertInto('account_roles').values(row).onConflict((oc) => oc.columns(['account_id', 'role', 'unit_id']).doNothing()).execute()
}

export async function deleteGrant(db: Db, accountId: number, role: string, unitId: number): Promise<number> {
  const r = await db.deleteFrom('account_roles').where('account_id', '=', accountId).where('role', '=', role).where('unit_id', '=', unitId).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** Accounts holding any role inside the given subtrees. */
export async function listAccountsWithin(db: Db, rootIds: readonly number[], afterId: number | null, limit: number): Promise<AccountRow[]> {
  if (rootIds.length === 0) return []
  let q = db
    .selectFrom('accounts')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb.selectFrom('account_roles').select('account_id').where('unit_id', 'in', (eb2) => eb2.selectFrom('unit_closure').select('descendant_id').where(inValues(db, 'ancestor_id', rootIds))),
    )
  if (afterId !== null) q = q.where('id', '>', afterId)
  return q.orderBy('id').limit(limit).execute()
}

/** Whether the account holds any role inside the given subtrees (an administrator may know of it). */
export async function accountHasRoleWithin(db: Db, accountId: number, rootIds: readonly number[]): Promise<boolean> {
  if (rootIds.length === 0) return false
  const row = await db
    .selectFrom('account_roles')
    .select('id')
    .where('account_id', '=', accountId)
    .where('unit_id', 'in', (eb) => eb.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', 'in', rootIds))
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertSession(db: Db, row: { account_id: number; token_hash: string; created_at: string; expires_at: string; client_address: string }): Promise<number> {
  return (await db.insertInto('sessions').values(row).returning('id').executeTakeFirstOrThrow()).id
}

/**
 * What a live session stands for, as one text: its account, name and grants, or null once it is revoked, expired or its
 * account disabled. The same expression is read with the session and, later, in the statement that confirms a cached
 * session (session-cache.ts): equal texts mean nothing about the session changed in between, whatever changed it
 * (logout on another worker, a grant taken away by the CLI), with no write path having to remember to say so.
 */
export function sessionStateSql(db: Db, sessionId: RawBuilder<unknown> | number | null, now: string): RawBuilder<string | null> {
  const grants = isPostgres(db)
    ? sql`string_agg(r2.role || '@' || r2.unit_id, ',' order by r2.id)`
    : sql`group_concat(r2.role || '@' || r2.unit_id, ',' order by r2.id)`
  return sql<string | null>`(select a2.id || ':' || a2.username || ':' || a2.display_name || ':' || coalesce((select ${grants} from account_roles r2 where r2.account_id = a2.id), '')
    from sessions s2 join accounts a2 on a2.id = s2.account_id
    where s2.id = ${sessionId} and s2.revoked_at is null and s2.expires_at > ${now} and a2.disabled = 0)`
}

const liveSessionWithGrants = reusableQuery((db: Db, tokenHash: string, now: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .leftJoin('account_roles as r', 'r.account_id', 'a.id')
    .select(['s.id as session_id', 'a.id as account_id', 'a.username', 'a.display_name', 'r.role', 'r.unit_id'])
    .select(sessionStateSql(db, sql.ref('s.id'), now).as('session_state'))
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('a.disabled', '=', 0)
    .orderBy('r.id'),
)

/** The live session of a token with its account's grants, in one statement: every signed-in request reads it. */
export async function findLiveSessionWithGrants(db: Db, tokenHash: string, now: string) {
  const rows = await liveSessionWithGrants(db, tokenHash, now)
  const first = rows[0]
  if (!first) return undefined
  const grants = rows.flatMap((r) => (r.role === null || r.unit_id === null ? [] : [{ role: r.role, unit_id: r.unit_id }]))
  return { session_id: first.session_id, account_id: first.account_id, username: first.username, display_name: first.display_name, grants, state: first.session_state }
}

export async function revokeSession(db: Db, sessionId: number, now: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', sessionId).execute()
}

export async function revokeAccountSessions(db: Db, accountId: number, now: string, exceptSessionId: number | null): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: now }).where('account_id', '=', accountId).where('revoked_at', 'is', null)
  if (exceptSessionId !== null) q = q.where('id', '!=', exceptSessionId)
  await q.execute()
}

export async function insertAudit(db: Db, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute()
}

export async function listAudit(db: Db, q: { rootIds: readonly number[]; action?: string | null; beforeId: number | null; limit: number }): Promise<AuditRow[]> {
  if (q.rootIds.length === 0) return []
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('unit_id', 'in', (eb) => eb.selectFrom('unit_closure').select('descendant_id').where(inValues(db, 'ancestor_id', q.rootIds)))
  if (q.action) query = query.where('action', '=', q.action)
  if (q.beforeId !== null) query = query.where('id', '<', q.beforeId)
  return query.orderBy('id', 'desc').limit(q.limit).execute()
}
