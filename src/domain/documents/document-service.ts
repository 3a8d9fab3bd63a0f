import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findDocumentByKeyOrSymbol, findDocumentsBySymbol, type DocumentRow } from '../../db/repositories/document.repository.js'
import { DomainError } from '../domain-error.js'
import { parseDocumentNumber } from './document-number.js'

const MAX_NAME = 200

/**
 * The document a person names: its key ("72-NQ/TW", or "31.BD/KH-72" for a plan whose number is left blank), or its
 * number/symbol however it is typed ("72 - nq/tw", "Nghị quyết số 282/NQ-CP"), normalized by parseDocumentNumber.
 * Unknown: DOCUMENT_NOT_FOUND. A symbol several documents share (unnumbered drafts such as "-KH/ĐU", or a State
 * number reused in another year): DOCUMENT_AMBIGUOUS, listing the keys to choose from.
 */
export async function documentNamed(db: Kysely<Database>, text: string): Promise<DocumentRow> {
  const given = text.normalize('NFC').replace(/\s+/g, ' ').trim()
  const shown = given.length > 80 ? `${given.slice(0, 80)}…` : given
  const notFound = () =>
    new DomainError(
      'DOCUMENT_NOT_FOUND',
      `Không tìm thấy văn bản "${shown}" trong hệ thống. Hãy ghi đúng số/ký hiệu văn bản (ví dụ 72-NQ/TW, 282/NQ-CP), hoặc khóa của văn bản chưa có số (ví dụ 31.BD/KH-72).`,
    )
  if (!given || given.length > MAX_NAME) throw notFound()
  const exact = await findDocumentByKeyOrSymbol(db, given)
  if (exact && exact.key === given) return exact
  let symbol = given
  try {
    symbol = parseDocumentNumber(given).symbol
  } catch {
    // Not a number/symbol: only an exact key or symbol could have matched.
  }
  const candidates = await findDocumentsBySymbol(db, symbol)
  if (candidates.length === 1) return candidates[0] as DocumentRow
  if (candidates.length === 0) throw notFound()
  throw new DomainError(
    'DOCUMENT_AMBIGUOUS',
    `Số/ký hiệu "${symbol}" là của ${candidates.length} văn bản (${candidates.map((d) => d.key).join(', ')}); hãy ghi khóa của văn bản cần chọn.`,
  )
}
