// Where a file's figures belong, read-only: its period (argument, hidden sheet, title) and its units (argument,
// hidden sheet, header, the table's rows), each checked against what the uploader may report for.
import type { Kysely } from 'kysely'
import { importError } from '../../../importers/import-finding.js'
import type { ParsedUnitEntry, ParsedWorkbook } from '../../../importers/return-parser-types.js'
import type { WorkbookGrids } from '../../../importers/workbook-reader.js'
import type { Database } from '../../db/database-types.js'
import { findUnitsByCodes, searchUnits, type UnitRow } from '../../db/repositories/unit.repository.js'
import { periodContains, tryParsePeriodId, type Period } from '../periods/period-id.js'
import { findPeriodInText, periodLabel } from '../periods/period-label.js'
import { foldForSearch } from '../text/vietnamese-text.js'
import { headerUnitConflict } from './header-unit-check.js'
import type { ImportResult, ImportReturnInput } from './import-return-types.js'

export function resolvePeriod(input: ImportReturnInput, meta: ReadonlyMap<string, string>, parsed: ParsedWorkbook, result: ImportResult): Period | null {
  const err = (code: string, message: string, place: string | null = null) => void result.findings.push(importError(code, message, place))
  let fromArg: Period | null = null
  if (input.periodId) {
    fromArg = tryParsePeriodId(input.periodId)
    if (!fromArg) return err('IMPORT_PERIOD_INVALID', `Mã kỳ báo cáo "${input.periodId}" không hợp lệ (ví dụ đúng: 2026Q1, 2026S1, 2026).`), null
  }
  const metaId = meta.get('period')
  const fromMeta = metaId ? tryParsePeriodId(metaId) : null
  const fromText = periodFromHeader(parsed.headerText)
  const candidates: [Period, string][] = []
  if (fromArg) candidates.push([fromArg, 'kỳ đã chọn'])
  if (fromMeta) candidates.push([fromMeta, 'trang ẩn của mẫu biểu'])
  if (fromText) candidates.push([fromText, 'tiêu đề biểu'])
  const first = candidates[0]
  if (!first) {
    return err('IMPORT_NO_PERIOD', 'Không xác định được kỳ báo cáo: tiêu đề biểu không ghi kỳ (ví dụ "Quý I/2026"). Hãy chọn kỳ báo cáo khi tải lên.'), null
  }
  for (const [p, where] of candidates.slice(1)) {
    // "Năm 2026" in a title line is compatible with Quý I/2026; "Quý II/2026" is not.
    if (p.id !== first[0].id && !(where === 'tiêu đề biểu' && periodContains(p, first[0]))) {
      return err('IMPORT_PERIOD_MISMATCH', `Kỳ báo cáo không khớp: ${first[1]} là ${periodLabel(first[0])}, nhưng ${where} ghi ${periodLabel(p)}. Hãy kiểm tra lại tệp hoặc kỳ đã chọn.`), null
    }
  }
  return first[0]
}

// The place-and-date line ("Hà Nội, ngày 05 tháng 4 năm 2026") names a year that is not the period.
const DATE_LINE = /ngay\b.*\bthang\b.*\bnam\b/

function periodFromHeader(lines: readonly string[]): Period | null {
  for (const line of lines) {
    if (DATE_LINE.test(foldForSearch(line))) continue
    const p = findPeriodInText(line)
    if (p) return p
  }
  return null
}

export interface ResolvedUnits {
  rows: { unit: UnitRow; entry: ParsedUnitEntry }[]
  /** Table layout: the unit whose children the rows are (argument, hidden sheet or header), when the file names one. */
  fileUnit: UnitRow | null
}

export async function resolveUnits(db: Kysely<Database>, input: ImportReturnInput, grids: WorkbookGrids, parsed: ParsedWorkbook, result: ImportResult): Promise<ResolvedUnits> {
  const allowed = async (u: UnitRow | undefined | null): Promise<UnitRow | null> => (u && (!input.actor.canUpload || (await input.actor.canUpload(u.id))) ? u : null)
  const unknown = (key: string, place: string | null) =>
    result.findings.push(importError('IMPORT_UNKNOWN_UNIT', `Không tìm thấy đơn vị "${key}" trong phạm vi bạn được báo cáo. Hãy ghi đúng mã hoặc tên đơn vị.`, place))
  const none: ResolvedUnits = { rows: [], fileUnit: null }
  if (parsed.layout === 'form') {
    const entry = parsed.entries[0] as ParsedUnitEntry
    const code = input.unitCode ?? grids.meta.get('unit') ?? null
    const metaUnit = grids.meta.get('unit')
    if (input.unitCode && metaUnit && metaUnit !== input.unitCode && result.scope === 'own') {
      // A ward's own template uploaded for another unit is a mistake; as a consolidated return at a parent it is the round trip.
      result.findings.push(importError('IMPORT_UNIT_MISMATCH', `Tệp là báo cáo của đơn vị ${metaUnit}, nhưng đang được tải lên cho ${input.unitCode}.`, '_tonghop!B4'))
      return none
    }
    if (code) {
      const u = await allowed((await findUnitsByCodes(db, [code]))[0])
      if (!u) return unknown(code, null), none
      const conflict = input.unitCode ? await headerUnitConflict(db, parsed.headerCells, u) : null
      if (conflict) return result.findings.push(conflict), none
      return { rows: [{ unit: u, entry }], fileUnit: null }
    }
    const byName = await unitFromHeader(db, parsed.headerCells)
    const u = await allowed(byName?.unit)
    if (!u || !byName) {
      result.findings.push(importError('IMPORT_NO_UNIT', 'Không xác định được đơn vị báo cáo: tiêu đề biểu không ghi tên đơn vị có trong hệ thống. Hãy chọn đơn vị khi tải lên.'))
      return none
    }
    // What is said about this unit (not assigned the form, closed) is said at the header cell that named it.
    return { rows: [{ unit: u, entry: { ...entry, place: entry.place ?? byName.place } }], fileUnit: null }
  }
  // The file's unit: the argument, the hidden sheet, else the unit the header names (when the uploader may report for
  // it). A hand-made sheet that names none is checked only against the uploader's scope.
  let fileUnit: UnitRow | null = null
  const fileCode = input.unitCode ?? grids.meta.get('unit') ?? null
  if (fileCode) {
    fileUnit = await allowed((await findUnitsByCodes(db, [fileCode]))[0])
    if (!fileUnit) return unknown(fileCode, input.unitCode ? null : (grids.metaPlaces.get('unit') ?? null)), none
    const conflict = input.unitCode ? await headerUnitConflict(db, parsed.headerCells, fileUnit) : null
    if (conflict) return result.findings.push(conflict), none
  } else {
    fileUnit = await allowed((await unitFromHeader(db, parsed.headerCells))?.unit)
  }
  const rows: { unit: UnitRow; entry: ParsedUnitEntry }[] = []
  const codes = parsed.entries.map((e) => e.unitCode).filter((c): c is string => !!c)
  const byCode = new Map((await findUnitsByCodes(db, codes)).map((u) => [u.code, u]))
  for (const entry of parsed.entries) {
    let unit: UnitRow | undefined
    if (entry.unitCode) unit = byCode.get(entry.unitCode)
    else if (entry.unitName) {
      // Branch names repeat across wards ("Chi bộ Tổ dân phố số 1"): look under the file's unit first.
      unit = ((fileUnit && (await unitByName(db, entry.unitName, [fileUnit.id]))) || (await unitByName(db, entry.unitName))) ?? undefined
    }
    const ok = await allowed(unit)
    if (!ok) unknown(entry.unitCode ?? entry.unitName ?? '?', entry.place)
    else rows.push({ unit: ok, entry })
  }
  return { rows, fileUnit }
}

async function unitByName(db: Kysely<Database>, name: string, withinUnitIds: readonly number[] | null = null): Promise<UnitRow | null> {
  const folded = foldForSearch(name)
  if (!folded || folded.length > 200) return null
  const rows = await searchUnits(db, { folded, includeClosed: true, withinUnitIds, limit: 20 })
  const exact = rows.filter((u) => u.name_folded === folded)
  return exact.length === 1 ? (exact[0] as UnitRow) : null
}

async function unitFromHeader(db: Kysely<Database>, cells: ParsedWorkbook['headerCells']): Promise<{ unit: UnitRow; place: string } | null> {
  for (const cell of cells.slice(0, 30)) {
    const u = await unitByName(db, cell.text)
    if (u) return { unit: u, place: cell.place }
  }
  return null
}
