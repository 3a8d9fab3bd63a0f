// Reads an uploaded workbook with bounded resources, into plain grids of cells the parser can reason about.
// Order matters: the zip guard looks at the bytes before exceljs does (exceljs has no decompression limits),
// the uncompressed size bounds what exceljs may build, and row/column counts are checked before cells are walked.
import ExcelJS from 'exceljs'
import { convertTextForFont } from './legacy-encoding.js'
import { importError, importWarning, type ImportFinding } from './import-finding.js'
import { loadWorkbookModel, SheetLimitError, type CellModel, type SheetModel } from './exceljs-entries-loader.js'
import { inflateXlsx, inspectXlsx, type ZipInspection } from './zip-guard.js'
import { normalizeText } from '../src/domain/text/vietnamese-text.js'

const { ValueType } = ExcelJS

export interface ReadLimits {
  /** Uncompressed bytes of the whole archive that exceljs may be given (≈ parse time and memory). */
  readonly maxUncompressed: number
  readonly maxSheets: number
  readonly maxRows: number
  readonly maxColumns: number
  readonly maxCells: number
  /** Wall-clock bound on exceljs's load, in ms (checked when it returns; the size caps keep it short). */
  readonly maxParseMs: number
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxUncompressed: 24 * 1024 * 1024,
  maxSheets: 50,
  maxRows: 5000,
  maxColumns: 300,
  maxCells: 300_000,
  maxParseMs: 20_000,
}

export type CellKind = 'number' | 'text' | 'boolean' | 'date' | 'error' | 'formula-no-result'

export interface GridCell {
  readonly row: number
  readonly col: number
  readonly address: string
  readonly kind: CellKind
  /** For number, boolean (1/0) and date (epoch ms) cells. */
  readonly num: number | null
  /** Display text: converted from TCVN3/VNI by the cell's font, NFC, spaces collapsed and trimmed. */
  readonly text: string
  /** The number format shows a percentage (0.985 shown as 98,5%). */
  readonly percentFormat: boolean
  readonly formula: boolean
}

export interface SheetGrid {
  readonly name: string
  readonly hidden: boolean
  readonly maxRow: number
  readonly maxCol: number
  readonly hiddenRows: ReadonlySet<number>
  /** row → col → cell; only non-empty cells, merged ranges only at their top-left cell. */
  readonly rows: ReadonlyMap<number, ReadonlyMap<number, GridCell>>
}

export interface WorkbookGrids {
  readonly sheets: SheetGrid[]
  /** The template's hidden "_tonghop" sheet as key → value (a null-prototype map). */
  readonly meta: ReadonlyMap<string, string>
  /** Where each key's value was read, e.g. unit → "_tonghop!B4", for findings about it. */
  readonly metaPlaces: ReadonlyMap<string, string>
}

export type ReadResult = { ok: true; grids: WorkbookGrids; findings: ImportFinding[] } | { ok: false; findings: ImportFinding[] }

export const META_SHEET = '_tonghop'

const SPACES = /[\s\u00a0\u202f\u2007\u200b]+/g

export function cleanText(s: string, fontName?: string): string {
  return normalizeText(convertTextForFont(s, fontName)).replace(SPACES, ' ').trim()
}

function columnLetters(col: number): string {
  let s = ''
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

const LETTERS: string[] = []

export function addressOf(row: number, col: number): string {
  return `${(LETTERS[col] ??= columnLetters(col))}${row}`
}

const refuse = (findings: ImportFinding[]): ReadResult => ({ ok: false, findings })

/** The bytes of an upload, checked and read; every refusal is a finding, never an exception. */
export async function readWorkbook(bytes: Buffer, limits: Partial<ReadLimits> = {}, inspected?: ZipInspection & { ok: true }): Promise<ReadResult> {
  const max = { ...DEFAULT_READ_LIMITS, ...limits }
  const first = inspected ?? (await inspectXlsx(bytes))
  if (!first.ok) return refuse([importError(first.code, first.message)])
  if (first.totalUncompressed > max.maxUncompressed) {
    return refuse([
      importError(
        'FILE_TOO_MANY_CELLS',
        `Tệp quá lớn để đọc như một báo cáo (${Math.round(first.totalUncompressed / 1024 / 1024)} MB dữ liệu sau khi giải nén). Hãy xóa các trang, dòng, cột thừa rồi tải lên lại.`,
      ),
    ])
  }
  // The central directory can lie about sizes: inflate once, bounded, before exceljs sees the bytes, and give exceljs
  // those inflated entries, so that it neither inflates them again nor runs its own (slower) unzipping.
  const inflated = await inflateXlsx(bytes, undefined, first)
  if (!inflated.ok) return refuse([importError(inflated.code, inflated.message)])

  let worksheets: SheetModel[]
  const started = performance.now()
  try {
    // Data validation and conditional formatting over "A1:XFD1048576" make exceljs visit every cell of the range
    // (a 8 KB file hung it); the importer needs neither. maxRows/maxCols make exceljs stop at the caps.
    worksheets = await loadWorkbookModel(inflated.entries, { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'], maxRows: max.maxRows + 1, maxCols: max.maxColumns + 1 })
  } catch (err) {
    if (err instanceof SheetLimitError) {
      const where = err.sheet ? `Trang "${err.sheet}"` : 'Một trang tính'
      const what = err.dimension === 'rows' ? `hơn ${max.maxRows} dòng` : `hơn ${max.maxColumns} cột`
      // rows that hold nothing count too: Excel keeps a formatted or touched row as a row
      return refuse([importError('FILE_TOO_MANY_CELLS', `${where} có ${what}, quá giới hạn ${max.maxRows} dòng × ${max.maxColumns} cột (kể cả dòng, cột trống đã được định dạng). Hãy xóa các dòng, cột thừa rồi tải lên lại.`, err.sheet)])
    }
    const detail = (err as Error).message ?? String(err)
    return refuse([importError('FILE_CORRUPT', `Không đọc được nội dung tệp Excel (tệp hỏng hoặc không đúng chuẩn .xlsx). Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi tải lên lại. (${detail.slice(0, 120)})`)])
  }
  if (performance.now() - started > max.maxParseMs) {
    return refuse([importError('FILE_PARSE_TIMEOUT', 'Tệp mất quá nhiều thời gian để đọc. Hãy xóa các trang, dòng, cột thừa rồi tải lên lại.')])
  }
  if (worksheets.length > max.maxSheets) {
    return refuse([importError('FILE_TOO_MANY_SHEETS', `Tệp có ${worksheets.length} trang tính, quá giới hạn ${max.maxSheets}. Hãy chỉ để lại trang báo cáo.`)])
  }
  const findings: ImportFinding[] = []
  const sheets: SheetGrid[] = []
  let meta: Map<string, string> = new Map()
  let metaPlaces: Map<string, string> = new Map()
  let cells = 0
  try {
    for (const ws of worksheets) {
      const read = readSheet(ws, max)
      if ('refused' in read) return refuse([read.refused])
      const grid = read.grid
      cells += read.cells
      if (cells > max.maxCells) return refuse([importError('FILE_TOO_MANY_CELLS', `Tệp có hơn ${max.maxCells} ô dữ liệu. Hãy chỉ để lại trang báo cáo.`)])
      if (grid.name === META_SHEET) {
        ;({ meta, places: metaPlaces } = readMeta(grid))
        continue
      }
      sheets.push(grid)
    }
  } catch (err) {
    return refuse([importError('FILE_CORRUPT', `Không đọc được nội dung tệp Excel: ${((err as Error).message ?? '').slice(0, 120)}`)])
  }
  return { ok: true, grids: { sheets, meta, metaPlaces }, findings }
}

function readMeta(grid: SheetGrid): { meta: Map<string, string>; places: Map<string, string> } {
  const meta = new Map<string, string>()
  const places = new Map<string, string>()
  for (const row of grid.rows.values()) {
    const key = row.get(1)?.text.toLowerCase()
    const value = row.get(2)
    if (key && value) {
      meta.set(key, value.kind === 'number' ? String(value.num) : value.text)
      places.set(key, `${META_SHEET}!${value.address}`)
    }
  }
  return { meta, places }
}

function isPercentFormat(numFmt: string | undefined): boolean {
  return !!numFmt && /%/.test(numFmt.replace(/"[^"]*"/g, ''))
}

/** A sheet with more merged ranges than this is not a report form (and each range is checked per cell). */
const MAX_MERGES = 10_000

type SheetRead = { grid: SheetGrid; cells: number } | { refused: ImportFinding }

function tooLarge(name: string, rows: number, cols: number, max: ReadLimits): SheetRead {
  return {
    refused: importError('FILE_TOO_MANY_CELLS', `Trang "${name}" có ${rows} dòng × ${cols} cột, quá giới hạn ${max.maxRows} dòng × ${max.maxColumns} cột. Hãy xóa các dòng, cột thừa.`, name),
  }
}

/** The column number of an address's letters ("AB12" → 28), or 0 when it has none. */
function columnOf(address: string): number {
  let col = 0
  for (let i = 0; i < address.length; i++) {
    const ch = address.charCodeAt(i) & ~32 // upper case
    if (ch < 65 || ch > 90) break
    col = col * 26 + (ch - 64)
  }
  return col
}

const RANGE = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/

interface Merge {
  r1: number
  c1: number
  r2: number
  c2: number
}

function parseMerges(refs: readonly string[]): Merge[] {
  const out: Merge[] = []
  for (const ref of refs) {
    const m = RANGE.exec(ref.trim())
    if (!m) continue
    const [a, b] = [Number(m[2]), m[4] === undefined ? Number(m[2]) : Number(m[4])]
    const [x, y] = [columnOf(m[1] as string), columnOf(m[3] ?? (m[1] as string))]
    out.push({ r1: Math.min(a, b), r2: Math.max(a, b), c1: Math.min(x, y), c2: Math.max(x, y) })
  }
  return out.sort((p, q) => p.r1 - q.r1)
}

/**
 * The cells of one sheet, from exceljs's model. Rows come in order; a cell inside a merged range other than its
 * top-left is skipped (Excel keeps a merged range's value there, and exceljs drops the others' values as it does).
 */
function readSheet(ws: SheetModel, max: ReadLimits): SheetRead {
  const name = ws.name
  const merges = parseMerges(ws.mergeCells ?? [])
  if (merges.length > MAX_MERGES) {
    return { refused: importError('FILE_TOO_MANY_CELLS', `Trang "${name}" có ${merges.length} vùng ô gộp, quá giới hạn ${MAX_MERGES}. Hãy chỉ để lại bảng báo cáo.`, name) }
  }
  // a <row> without its number is the one after the previous (some writers leave "r" out); then in row order
  let previous = 0
  const rowModels = ws.rows
    .map((row) => ({ row, r: (previous = Number.isInteger(row.number) && row.number > 0 ? row.number : previous + 1) }))
    .sort((a, b) => a.r - b.r)
  const rows = new Map<number, Map<number, GridCell>>()
  const hiddenRows = new Set<number>()
  let maxRow = 0
  let maxCol = 0
  let lastRow = 0
  let lastCol = 0
  let count = 0
  let next = 0
  let active: Merge[] = []
  for (const { row: rowModel, r } of rowModels) {
    if (r > max.maxRows) return tooLarge(name, r, lastCol, max)
    // merged ranges covering this row
    while (next < merges.length && (merges[next] as Merge).r1 <= r) active.push(merges[next++] as Merge)
    if (active.length > 0) active = active.filter((m) => m.r2 >= r)
    const out = new Map<number, GridCell>()
    let col = 0
    let hasValue = false
    for (const cell of rowModel.cells) {
      // a <c> without an address is the next column (exceljs's rule)
      col = cell.address ? columnOf(cell.address) : col + 1
      if (col > lastCol) lastCol = col
      if (col > max.maxColumns) return tooLarge(name, lastRow, col, max)
      if (cell.type === ValueType.Null || cell.type === ValueType.Merge) continue
      hasValue = true
      if (active.some((m) => col >= m.c1 && col <= m.c2 && !(m.r1 === r && m.c1 === col))) continue
      const g = toGridCell(cell, r, col)
      if (!g) continue
      out.set(col, g)
      if (col > maxCol) maxCol = col
    }
    if (hasValue) {
      lastRow = r
      if (rowModel.hidden) hiddenRows.add(r)
    }
    if (out.size > 0) {
      rows.set(r, out)
      maxRow = r
      count += out.size
    }
  }
  return { grid: { name, hidden: (ws.state ?? 'visible') !== 'visible', maxRow, maxCol, hiddenRows, rows }, cells: count }
}

type Plain = { kind: CellKind; num: number | null; text: string }

function plainValue(v: unknown, fontName: string | undefined): Plain | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', num: v, text: String(v) } : { kind: 'error', num: null, text: String(v) }
  if (typeof v === 'string') {
    const text = cleanText(v, fontName)
    return text === '' ? null : { kind: 'text', num: null, text }
  }
  if (typeof v === 'boolean') return { kind: 'boolean', num: v ? 1 : 0, text: v ? 'TRUE' : 'FALSE' }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : { kind: 'date', num: v.getTime(), text: v.toISOString().slice(0, 10) }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o.richText)) {
      const raw = (o.richText as { text?: string; font?: { name?: string } }[]).map((run) => convertTextForFont(run.text ?? '', run.font?.name ?? fontName)).join('')
      const text = cleanText(raw)
      return text === '' ? null : { kind: 'text', num: null, text }
    }
    if (typeof o.error === 'string') return { kind: 'error', num: null, text: o.error }
    if ('text' in o && typeof o.text === 'string') return plainValue(o.text, fontName)
    if ('text' in o && typeof o.text === 'object') return plainValue(o.text, fontName)
  }
  return null
}

function toGridCell(cell: CellModel, row: number, col: number): GridCell | null {
  // A hyperlink shows its text; a formula, its cached result.
  const formula = cell.type === ValueType.Formula
  const shown = formula ? cell.result : cell.type === ValueType.Hyperlink ? cell.text : cell.value
  return gridCell(row, col, shown, formula, cell.style?.font?.name, cell.style?.numFmt)
}

/** A cell of the grid from what it shows (a formula: its cached result, none when it has none), font and number format. */
export function gridCell(row: number, col: number, shown: unknown, formula: boolean, fontName: string | undefined, numFmt: string | undefined): GridCell | null {
  // The font matters only for text (legacy encodings) and the number format only for numbers (percentages).
  const isObject = typeof shown === 'object' && shown !== null && !(shown instanceof Date)
  const p = shown === null || shown === undefined ? null : plainValue(shown, typeof shown === 'string' || isObject ? fontName : undefined)
  // (built field by field, in one order: spreading objects here was a fifth of reading a return)
  if (!p) {
    return formula ? { row, col, address: addressOf(row, col), kind: 'formula-no-result', num: null, text: '', percentFormat: false, formula } : null
  }
  const percentFormat = typeof shown === 'number' || isObject ? isPercentFormat(numFmt) : false
  return { row, col, address: addressOf(row, col), kind: p.kind, num: p.num, text: p.text, percentFormat, formula }
}

export function hiddenWarnings(grids: WorkbookGrids, usedSheets: ReadonlySet<string>, usedRows: ReadonlyMap<string, ReadonlySet<number>>): ImportFinding[] {
  const out: ImportFinding[] = []
  for (const s of grids.sheets) {
    if (s.hidden && usedSheets.has(s.name)) out.push(importWarning('IMPORT_HIDDEN_SHEET', `Trang "${s.name}" đang bị ẩn nhưng có số liệu đã được đọc; hãy kiểm tra lại.`, s.name))
    const rows = usedRows.get(s.name)
    if (!rows) continue
    for (const r of s.hiddenRows) if (rows.has(r)) out.push(importWarning('IMPORT_HIDDEN_ROW', `Dòng ${r} đang bị ẩn nhưng có số liệu đã được đọc; hãy kiểm tra lại.`, `${s.name}!${r}:${r}`))
  }
  return out
}
