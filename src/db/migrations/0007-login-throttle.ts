import { sql } from 'kysely'
import type { AnyDb } from './column-types.js'

/**
 * The login throttle counts failures per account, per account and address, and per address (issue #15); each count
 * is an index range, so the check inside the login transaction stays short however long the table grows.
 * Login, logout and password records written before without a unit are filed under the account's first role unit
 * (the root for usernames with none), so administrators see them in `auditLog`.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('login_attempts_user_outcome').on('login_attempts').columns(['username', 'success', 'attempted_at']).execute()
  await db.schema.createIndex('login_attempts_pair_outcome').on('login_attempts').columns(['username', 'client_address', 'success', 'attempted_at']).execute()
  await db.schema.createIndex('login_attempts_address_outcome').on('login_attempts').columns(['client_address', 'success', 'attempted_at']).execute()
  await sql`
    update audit_log set unit_id = coalesce(
      (select min(r.unit_id) from account_roles r join accounts a on a.id = r.account_id where a.username = audit_log.username),
      (select min(u.id) from units u where u.parent_id is null))
    where unit_id is null and action in ('login.succeeded', 'login.failed', 'login.throttled', 'logout', 'account.password_changed')
  `.execute(db)
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of ['login_attempts_user_outcome', 'login_attempts_pair_outcome', 'login_attempts_address_outcome']) await db.schema.dropIndex(name).execute()
}
