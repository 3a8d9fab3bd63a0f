import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import {
  accountHasRoleWithin,
  deleteGrant,
  findAccountById,
  findAccountByUsername,
  findGrants,
  findLiveSessionWithGrants,
  insertAccount,
  insertGrant,
  insertSession,
  revokeAccountSessions,
  revokeSession,
  updatePasswordHash,
} from '../../db/repositories/account.repository.js'
import { isRole, type Role, type Viewer } from '../access/roles.js'
import { recordAudit } from '../audit/audit-service.js'
import { DomainError } from '../domain-error.js'
import { LoginThrottledError } from './account-errors.js'
import { admitLoginAttempt, type ThrottlePolicy } from './login-throttle.js'
import { recordAccountAudit } from './account-audit-units.js'
import { markLoginAttemptSucceeded } from '../../db/repositories/login-attempt.repository.js'
import { DUMMY_HASH_PROMISE, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password-hash.js'

type Db = Kysely<Database>
export const SESSION_HOURS = 12

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/

export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new DomainError('PASSWORD_TOO_SHORT', `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự`)
}

/**
 * `scopeRootIds`: the subtrees the creating administrator holds; a username taken by an account with no role in them is
 * refused without saying so (USERNAME_UNAVAILABLE, as for any name the administrator may not have), so a ward's
 * administrator cannot list other wards' accounts by trying names. The CLI and seeds pass none: they see everything.
 */
export async function createAccount(db: Db, input: { username: string; displayName: string; password: string; grants: { role: Role; unitId: number }[]; grantedBy: number | null; scopeRootIds?: readonly number[] }): Promise<number> {
  const username = input.username.trim().toLowerCase()
  if (!USERNAME.test(username)) throw new DomainError('BAD_USERNAME', `Tên đăng nhập "${input.username}" không hợp lệ: 3–64 ký tự gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới`)
  checkNewPassword(input.password)
  const existing = await findAccountByUsername(db, username)
  if (existing) {
    if (input.scopeRootIds && !(await accountHasRoleWithin(db, existing.id, input.scopeRootIds))) {
      throw new DomainError('USERNAME_UNAVAILABLE', `Không thể dùng tên đăng nhập "${username}". Hãy chọn tên khác, ví dụ thêm tên đơn vị vào trước (phucloi.nguyenvana).`)
    }
    throw new DomainError('USERNAME_TAKEN', `Tên đăng nhập "${username}" đã có người dùng`)
  }
  const now = new Date().toISOString()
  const id = await insertAccount(db, { username, display_name: input.displayName.trim() || username, password_hash: await hashPassword(input.password), created_at: now, disabled: 0 })
  for (const g of input.grants) await insertGrant(db, { account_id: id, role: g.role, unit_id: g.unitId, granted_by: input.grantedBy, granted_at: now })
  return id
}

export async function viewerForAccount(db: Db, accountId: number, sessionId: number | null): Promise<Viewer | null> {
  const account = await findAccountById(db, accountId)
  if (!account || account.disabled) return null
  const grants = (await findGrants(db, accountId)).filter((g) => isRole(g.role)).map((g) => ({ role: g.role as Role, unitId: g.unit_id }))
  return { accountId, username: account.username, displayName: account.display_name, grants, sessionId }
}

export interface LoginResult {
  token: string
  expiresAt: string
  viewer: Viewer
}

/**
 * The throttle admits the attempt (check and record in one step) before the password is checked, so a throttled
 * attacker learns nothing; every attempt is audited under the account's role units (the root for unknown usernames).
 */
export async function login(db: Db, input: { username: string; password: string; clientAddress: string; policy: ThrottlePolicy }): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase()
  const account = await findAccountByUsername(db, username)
  const audited = { username, accountId: account?.id ?? null, clientAddress: input.clientAddress }
  const admission = await admitLoginAttempt(db, {
    username,
    address: input.clientAddress,
    policy: input.policy,
    onRefused: (trx) => recordAccountAudit(trx, account?.id ?? null, { action: 'login.throttled', ...audited }),
  })
  if (!admission.admitted) throw new LoginThrottledError(Math.ceil(admission.waitMs / 1000))
  const ok = account && !account.disabled ? await verifyPassword(input.password, account.password_hash) : (await verifyPassword(input.password, await DUMMY_HASH_PROMISE), false)
  if (!ok || !account) {
    // the attempt is already recorded as a failure
    await recordAccountAudit(db, account?.id ?? null, { action: 'login.failed', ...audited })
    throw new DomainError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng')
  }
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString()
  const sessionId = await db.transaction().execute(async (trx) => {
    await markLoginAttemptSucceeded(trx, admission.attemptId)
    const id = await insertSession(trx, { account_id: account.id, token_hash: hashToken(token), created_at: new Date().toISOString(), expires_at: expiresAt, client_address: input.clientAddress })
    await recordAccountAudit(trx, account.id, { action: 'login.succeeded', ...audited })
    return id
  })
  const viewer = await viewerForAccount(db, account.id, sessionId)
  if (!viewer) throw new DomainError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng')
  return { token, expiresAt, viewer }
}

/**
 * The live session of a token hash, in one statement that joins the (enabled) account and its grants: the viewer it
 * stands for, and its state (`sessionStateSql`, what a cached session is later confirmed against); null when none.
 */
export async function liveSession(db: Db, tokenHash: string): Promise<{ viewer: Viewer; state: string } | null> {
  const session = await findLiveSessionWithGrants(db, tokenHash, new Date().toISOString())
  if (!session || session.state === null) return null
  const grants = session.grants.filter((g) => isRole(g.role)).map((g) => ({ role: g.role as Role, unitId: g.unit_id }))
  return { viewer: { accountId: session.account_id, username: session.username, displayName: session.display_name, grants, sessionId: session.session_id }, state: session.state }
}

/** The viewer of a token, read now (file downloads, which never use a worker's session cache). */
export async function viewerForToken(db: Db, token: string): Promise<Viewer | null> {
  return (await liveSession(db, hashToken(token)))?.viewer ?? null
}

export async function logout(db: Db, viewer: Viewer, clientAddress: string): Promise<void> {
  if (viewer.sessionId !== null) await revokeSession(db, viewer.sessionId, new Date().toISOString())
  await recordAccountAudit(db, viewer.accountId, { action: 'logout', accountId: viewer.accountId, username: viewer.username, clientAddress })
}

/** Other sessions end when the password changes: whoever knew the old one is logged out. */
export async function changePassword(db: Db, viewer: Viewer, input: { current: string; next: string; clientAddress: string }): Promise<void> {
  const account = await findAccountById(db, viewer.accountId)
  if (!account || !(await verifyPassword(input.current, account.password_hash))) throw new DomainError('INVALID_CREDENTIALS', 'Mật khẩu hiện tại không đúng')
  checkNewPassword(input.next)
  await updatePasswordHash(db, account.id, await hashPassword(input.next))
  await revokeAccountSessions(db, account.id, new Date().toISOString(), viewer.sessionId)
  await recordAccountAudit(db, account.id, { action: 'account.password_changed', accountId: account.id, username: account.username, clientAddress: input.clientAddress })
}

export interface GrantChange {
  username: string
  role: Role
  unitId: number
  by: Viewer
  clientAddress: string
}

async function accountFor(db: Db, username: string) {
  const account = await findAccountByUsername(db, username.trim().toLowerCase())
  if (!account) throw new DomainError('ACCOUNT_NOT_FOUND', `Không tìm thấy tài khoản "${username}"`)
  return account
}

/** Grants a role on a unit; the grant and its audit record land together. */
export async function grantRole(db: Db, change: GrantChange): Promise<void> {
  const account = await accountFor(db, change.username)
  await db.transaction().execute(async (trx) => {
    await insertGrant(trx, { account_id: account.id, role: change.role, unit_id: change.unitId, granted_by: change.by.accountId, granted_at: new Date().toISOString() })
    await recordAudit(trx, { action: 'account.role_granted', accountId: change.by.accountId, username: change.by.username, unitId: change.unitId, target: account.username, details: { role: change.role }, clientAddress: change.clientAddress })
  })
}

export async function revokeRole(db: Db, change: GrantChange): Promise<void> {
  const account = await accountFor(db, change.username)
  await db.transaction().execute(async (trx) => {
    if ((await deleteGrant(trx, account.id, change.role, change.unitId)) === 0) throw new DomainError('GRANT_NOT_FOUND', `Tài khoản "${account.username}" không có quyền ${change.role} tại đơn vị này`)
    await recordAudit(trx, { action: 'account.role_revoked', accountId: change.by.accountId, username: change.by.username, unitId: change.unitId, target: account.username, details: { role: change.role }, clientAddress: change.clientAddress })
  })
}
