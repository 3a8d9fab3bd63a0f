import type { AnyDb } from './column-types.js'

/**
 * The title an account signs consolidated reports with ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC"), kept on the
 * account so the downloads page can prefill it (issue #16 item 7). Null: the unit's default ("T/M BAN THƯỜNG VỤ").
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('signer_title', 'text').execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('signer_title').execute()
}
