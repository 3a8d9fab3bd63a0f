import type { Generated } from 'kysely'

export interface AccountTable {
  id: Generated<number>
  username: string
  display_name: string
  /** scrypt$N$r$p$salt$hash — never the password. */
  password_hash: string
  created_at: string
  disabled: number
  /** The title the account signs consolidated reports with (lines separated by "\n"); null: the unit's default. */
  signer_title: string | null
}

export interface AccountRoleTable {
  id: Generated<number>
  account_id: number
  role: string
  unit_id: number
  granted_by: number | null
  granted_at: string
}

export interface SessionTable {
  id: Generated<number>
  account_id: number
  /** SHA-256 of the opaque token: a leaked database does not leak live sessions. */
  token_hash: string
  created_at: string
  expires_at: string
  revoked_at: string | null
  client_address: string
}

export interface LoginAttemptTable {
  id: Generated<number>
  username: string
  client_address: string
  attempted_at: string
  success: number
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  account_id: number | null
  username: string | null
  action: string
  unit_id: number | null
  target: string | null
  details: string | null
  client_address: string | null
}

export interface AccountTables {
  accounts: AccountTable
  account_roles: AccountRoleTable
  sessions: SessionTable
  login_attempts: LoginAttemptTable
  audit_log: AuditLogTable
}
