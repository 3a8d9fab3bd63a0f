// Which document a file reports on (domain.md §3), read-only: the hidden sheet, the header's number, and the finding
// when a form that must name one (BC-QT) names none the system knows.
import type { Kysely } from 'kysely'
import { importError, importWarning, placeOf, type ImportFinding } from '../../../importers/import-finding.js'
import type { ParsedWorkbook } from '../../../importers/return-parser-types.js'
import type { WorkbookGrids } from '../../../importers/workbook-reader.js'
import type { Database } from '../../db/database-types.js'
import { findDocumentByKeyOrSymbol, type DocumentRow } from '../../db/repositories/document.repository.js'
import type { FormRow } from '../../db/repositories/form.repository.js'
import type { UnitRow } from '../../db/repositories/unit.repository.js'
import { parseDocumentNumber, type DocumentNumber } from '../documents/document-number.js'
import { foldForSearch } from '../text/vietnamese-text.js'
import type { ImportResult } from './import-return-types.js'

export interface UnknownDocument {
  symbol: string
  place: string | null
}

/**
 * IMPORT_DOCUMENT_REQUIRED: the form must say which document it reports on and nothing did. The place is where the
 * clerk should look: the unknown number the file gave (its hidden-sheet cell or header cell), else the report's title.
 */
export function documentRequiredFinding(form: FormRow, units: readonly UnitRow[], unnamed: readonly UnknownDocument[], parsed: ParsedWorkbook): ImportFinding {
  const title = parsed.headerCells.find((c) => /^bao cao\b/.test(foldForSearch(c.text))) ?? parsed.headerCells[0] ?? null
  const who = units.length > 3 ? `${units.slice(0, 3).map((u) => u.name).join(', ')} và ${units.length - 3} đơn vị khác` : units.map((u) => u.name).join(', ')
  const why =
    unnamed.length > 0
      ? `${unnamed.map((d) => `"${d.symbol}"`).join(', ')} ghi trong tệp không phải văn bản có trong hệ thống, và phân công báo cáo của ${who} không nêu văn bản`
      : `tệp không ghi số/ký hiệu văn bản, và phân công báo cáo của ${who} không nêu văn bản`
  return importError(
    'IMPORT_DOCUMENT_REQUIRED',
    `Biểu ${form.code} phải nêu văn bản được báo cáo (ví dụ Nghị quyết số 72-NQ/TW), nhưng ${why}. Hãy ghi số/ký hiệu văn bản vào tiêu đề báo cáo, ví dụ "BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT SỐ 72-NQ/TW", hoặc dùng mẫu biểu tải về từ hệ thống (mẫu ghi sẵn văn bản khi phân công có nêu văn bản).`,
    unnamed[0]?.place ?? title?.place ?? placeOf(parsed.sheet, 'A1'),
  )
}

/**
 * The documents the file itself names: the hidden sheet's `document` (key or number/symbol), and the first document
 * number in the text above the table ("… theo Nghị quyết số 72-NQ/TW"). A number that is not in the system is a
 * warning at its cell: the figures are still good, the return just is not tied to that document.
 */
export async function documentsNamedInFile(
  db: Kysely<Database>,
  grids: WorkbookGrids,
  parsed: ParsedWorkbook,
  result: ImportResult,
): Promise<{ fromMeta: DocumentRow | null; fromHeader: DocumentRow | null; unnamed: UnknownDocument[] }> {
  const unnamed: UnknownDocument[] = []
  const unknown = (symbol: string, place: string | null) => {
    unnamed.push({ symbol, place })
    result.findings.push(
      importWarning(
        'IMPORT_UNKNOWN_DOCUMENT',
        `Không tìm thấy văn bản số "${symbol}" trong hệ thống; số liệu vẫn được nhận, nhưng báo cáo không được ghi là báo cáo về văn bản này. Hãy kiểm tra lại số/ký hiệu văn bản (ví dụ 72-NQ/TW).`,
        place,
      ),
    )
  }
  let fromMeta: DocumentRow | null = null
  const metaKey = grids.meta.get('document')?.normalize('NFC').trim()
  if (metaKey) {
    fromMeta = (await findDocumentByKeyOrSymbol(db, metaKey.slice(0, 100))) ?? null
    if (!fromMeta) unknown(metaKey.slice(0, 100), grids.metaPlaces.get('document') ?? null)
  }
  let fromHeader: DocumentRow | null = null
  const named = documentNumberInHeader(parsed.headerCells)
  if (named) {
    fromHeader = (await findDocumentByKeyOrSymbol(db, named.symbol)) ?? null
    if (!fromHeader) unknown(named.symbol, named.place)
  }
  return { fromMeta, fromHeader, unnamed }
}

/**
 * The first numbered document symbol in the header. Reports ("Số 45-BC/ĐU", the return's own number line) are skipped:
 * a return reports on resolutions, directives and plans, not on reports.
 */
function documentNumberInHeader(cells: readonly { text: string; place: string }[]): { symbol: string; place: string } | null {
  for (const cell of cells) {
    if (!cell.text.includes('/')) continue
    let parsed: DocumentNumber
    try {
      parsed = parseDocumentNumber(cell.text)
    } catch {
      continue
    }
    // Drafts ("-KH/ĐU") share one symbol between many documents: only a number identifies one.
    if (parsed.number === null || parsed.type === 'BC') continue
    return { symbol: parsed.symbol, place: cell.place }
  }
  return null
}
