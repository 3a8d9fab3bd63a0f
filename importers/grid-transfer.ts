// Grids cross from a reader thread to the caller as a few flat typed arrays instead of one object per cell: the
// structured clone of 300,000 cell objects held the receiving event loop for most of a second.
import { addressOf, type CellKind, type GridCell, type ReadResult, type SheetGrid } from './workbook-reader.js'

const KINDS: readonly CellKind[] = ['number', 'text', 'boolean', 'date', 'error', 'formula-no-result']
const PERCENT = 1
const FORMULA = 2

interface PackedSheet {
  name: string
  hidden: boolean
  maxRow: number
  maxCol: number
  hiddenRows: number[]
  row: Int32Array
  col: Int32Array
  kind: Uint8Array
  flags: Uint8Array
  num: Float64Array
  /** null where the text is the number's own spelling */
  text: (string | null)[]
}

export type PackedReadResult =
  | { ok: true; sheets: PackedSheet[]; meta: [string, string][]; metaPlaces: [string, string][]; findings: ReadResult['findings'] }
  | { ok: false; findings: ReadResult['findings'] }

function packSheet(s: SheetGrid): PackedSheet {
  let n = 0
  for (const r of s.rows.values()) n += r.size
  const p: PackedSheet = {
    name: s.name, hidden: s.hidden, maxRow: s.maxRow, maxCol: s.maxCol, hiddenRows: [...s.hiddenRows],
    row: new Int32Array(n), col: new Int32Array(n), kind: new Uint8Array(n), flags: new Uint8Array(n), num: new Float64Array(n), text: new Array<string | null>(n),
  }
  let i = 0
  for (const cells of s.rows.values()) {
    for (const c of cells.values()) {
      p.row[i] = c.row
      p.col[i] = c.col
      p.kind[i] = KINDS.indexOf(c.kind)
      p.flags[i] = (c.percentFormat ? PERCENT : 0) | (c.formula ? FORMULA : 0)
      p.num[i] = c.num ?? Number.NaN
      p.text[i] = c.kind === 'number' && c.num !== null && c.text === String(c.num) ? null : c.text
      i++
    }
  }
  return p
}

function unpackSheet(p: PackedSheet): SheetGrid {
  const rows = new Map<number, Map<number, GridCell>>()
  for (let i = 0; i < p.row.length; i++) {
    const r = p.row[i] as number
    const c = p.col[i] as number
    const num = Number.isNaN(p.num[i]) ? null : (p.num[i] as number)
    const flags = p.flags[i] as number
    let cells = rows.get(r)
    if (!cells) rows.set(r, (cells = new Map()))
    cells.set(c, { row: r, col: c, address: addressOf(r, c), kind: KINDS[p.kind[i] as number] as CellKind, num, text: p.text[i] ?? String(num), percentFormat: (flags & PERCENT) !== 0, formula: (flags & FORMULA) !== 0 })
  }
  return { name: p.name, hidden: p.hidden, maxRow: p.maxRow, maxCol: p.maxCol, hiddenRows: new Set(p.hiddenRows), rows }
}

export function packReadResult(r: ReadResult): { packed: PackedReadResult; transfer: ArrayBuffer[] } {
  if (!r.ok) return { packed: r, transfer: [] }
  const sheets = r.grids.sheets.map(packSheet)
  const transfer = sheets.flatMap((s) => [s.row.buffer, s.col.buffer, s.kind.buffer, s.flags.buffer, s.num.buffer] as ArrayBuffer[])
  return { packed: { ok: true, sheets, meta: [...r.grids.meta], metaPlaces: [...r.grids.metaPlaces], findings: r.findings }, transfer }
}

export function unpackReadResult(p: PackedReadResult): ReadResult {
  if (!p.ok) return p
  return { ok: true, grids: { sheets: p.sheets.map(unpackSheet), meta: new Map(p.meta), metaPlaces: new Map(p.metaPlaces) }, findings: p.findings }
}
