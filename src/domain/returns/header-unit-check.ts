import type { Kysely } from 'kysely'
import { importError, type ImportFinding } from '../../../importers/import-finding.js'
import type { ParsedWorkbook } from '../../../importers/return-parser-types.js'
import type { Database } from '../../db/database-types.js'
import { findAncestorsOf, searchUnits, type UnitRow } from '../../db/repositories/unit.repository.js'
import { foldForSearch } from '../text/vietnamese-text.js'

type Db = Kysely<Database>

/** Header lines that are exactly a unit's name ("ĐẢNG ỦY PHƯỜNG PHÚC LỢI"), with their cells; the first 30 lines. */
async function unitsNamedInHeader(db: Db, cells: ParsedWorkbook['headerCells']): Promise<{ unit: UnitRow; text: string; place: string }[]> {
  const named: { unit: UnitRow; text: string; place: string }[] = []
  for (const cell of cells.slice(0, 30)) {
    const folded = foldForSearch(cell.text)
    if (!folded || folded.length > 200) continue
    const exact = (await searchUnits(db, { folded, includeClosed: true, withinUnitIds: null, limit: 20 })).filter((u) => u.name_folded === folded)
    if (exact.length === 1) named.push({ unit: exact[0] as UnitRow, text: cell.text, place: cell.place })
  }
  return named
}

/**
 * The unit chosen on upload against the unit the sheet's header names: a file headed "Đảng ủy phường Phúc Lợi" sent as
 * Bạch Đằng's return is a mistake to show the clerk, not a revision to store. The header may name the unit's superiors
 * too (the official header's first line), so only a named unit that is neither the chosen one nor above it disagrees;
 * a header that also names the chosen unit agrees.
 */
export async function headerUnitConflict(db: Db, cells: ParsedWorkbook['headerCells'], chosen: UnitRow): Promise<ImportFinding | null> {
  const named = await unitsNamedInHeader(db, cells)
  if (named.length === 0 || named.some((n) => n.unit.id === chosen.id)) return null
  const above = new Set((await findAncestorsOf(db, [chosen.id])).map((a) => a.id))
  const other = named.find((n) => !above.has(n.unit.id))
  if (!other) return null
  return importError(
    'IMPORT_UNIT_HEADER_MISMATCH',
    `Tiêu đề biểu ghi đơn vị "${other.text}" (${other.unit.name}), nhưng tệp đang được tải lên cho ${chosen.name} (mã ${chosen.code}). Hãy chọn đúng đơn vị khi tải lên, hoặc sửa tiêu đề biểu nếu đây đúng là báo cáo của ${chosen.name}.`,
    other.place,
  )
}
