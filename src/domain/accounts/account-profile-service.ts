import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findAccountById, updateAccountProfile } from '../../db/repositories/account.repository.js'
import type { Viewer } from '../access/roles.js'
import { DomainError } from '../domain-error.js'
import { recordAccountAudit } from './account-audit-units.js'

type Db = Kysely<Database>

export const PROFILE_TEXT_MAX = 200

export interface AccountProfile {
  displayName: string
  /** Lines separated by "\n"; null when the account has none (the export then uses the unit's default). */
  signerTitle: string | null
}

/** The logged-in account's own profile: the name and title it signs consolidated reports with. */
export async function ownProfile(db: Db, viewer: Viewer): Promise<AccountProfile> {
  const account = await findAccountById(db, viewer.accountId)
  return { displayName: account?.display_name ?? viewer.displayName, signerTitle: account?.signer_title ?? null }
}

function cleanTitle(title: string): string | null {
  const lines = title.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
  return lines.length > 0 ? lines.join('\n') : null
}

/**
 * Changes the caller's own display name and signer title (nobody else's: the account is the session's). Either may be
 * left out to keep it. One transaction with its audit record.
 */
export async function updateOwnProfile(db: Db, viewer: Viewer, input: { displayName?: string | null; signerTitle?: string | null; clientAddress: string }): Promise<AccountProfile> {
  const current = await ownProfile(db, viewer)
  const displayName = input.displayName === undefined || input.displayName === null ? current.displayName : input.displayName.trim()
  const signerTitle = input.signerTitle === undefined ? current.signerTitle : input.signerTitle === null ? null : cleanTitle(input.signerTitle)
  if (displayName === '') throw new DomainError('PROFILE_NAME_EMPTY', 'Họ và tên người ký không được để trống')
  if (displayName.length > PROFILE_TEXT_MAX) throw new DomainError('PROFILE_TEXT_TOO_LONG', `Họ và tên dài ${displayName.length} ký tự, vượt giới hạn ${PROFILE_TEXT_MAX} ký tự`)
  if (signerTitle && signerTitle.length > PROFILE_TEXT_MAX) throw new DomainError('PROFILE_TEXT_TOO_LONG', `Chức danh người ký dài ${signerTitle.length} ký tự, vượt giới hạn ${PROFILE_TEXT_MAX} ký tự`)
  await db.transaction().execute(async (trx) => {
    await updateAccountProfile(trx, viewer.accountId, { display_name: displayName, signer_title: signerTitle })
    await recordAccountAudit(trx, viewer.accountId, { action: 'account.profile_updated', accountId: viewer.accountId, username: viewer.username, details: { displayName, signerTitle }, clientAddress: input.clientAddress })
  })
  return { displayName, signerTitle }
}
