// Parses a workbook with exceljs's own parsers (the xforms its `xlsx.load` uses) from entries the zip guard has already
// inflated, without its JSZip pass: on a ward's return, JSZip's asynchronous unzipping and the stream plumbing around
// each entry were two thirds of `xlsx.load` (5.0 ms of which the parsing is 1.6 ms). Only the parts the importer reads
// are parsed: workbook, relationships, shared strings, styles and worksheets. The result is exceljs's reconciled model
// (what `xlsx.load` hands to `workbook.model`): its cells already carry their resolved style, shared string and date.
import { createRequire } from 'node:module'
import ExcelJS from 'exceljs'
import type { ZipEntryData } from './zip-guard.js'

export interface EntriesLoadOptions {
  readonly ignoreNodes: readonly string[]
  readonly maxRows: number
  readonly maxCols: number
}

type Chunks = Iterable<string>

interface Xform {
  parseStream(chunks: Chunks): Promise<unknown>
}

/**
 * exceljs stops a sheet at `maxRows`/`maxCols` by throwing "Max row count (N) exceeded": a sheet too large (a million
 * empty rows), not a broken file. The reader reports it as such.
 */
export class SheetLimitError extends Error {
  constructor(
    readonly dimension: 'rows' | 'columns',
    readonly sheet: string | null,
  ) {
    super(`sheet ${sheet ?? '?'}: too many ${dimension}`)
  }

  static from(err: unknown, sheet: string | null): SheetLimitError | null {
    const m = /^Max (row|column) count \(\d+\) exceeded/.exec((err as Error | null)?.message ?? '')
    return m ? new SheetLimitError(m[1] === 'row' ? 'rows' : 'columns', sheet) : null
  }
}

/** The name the workbook gives a worksheet part ("xl/worksheets/sheet1.xml" → "Biểu 01"), when workbook.xml came first. */
function sheetNameOf(model: Record<string, unknown>, part: string): string | null {
  const rels = (model.workbookRels as { Id?: string; Target?: string }[] | undefined) ?? []
  const rel = rels.find((r) => r.Target && part.endsWith(r.Target.replace(/^\/?(xl\/)?/, '')))
  const sheet = ((model.sheets as { name?: string; rId?: string }[] | undefined) ?? []).find((s) => rel && s.rId === rel.Id)
  return sheet?.name ?? null
}

/** The internals of exceljs's XLSX class that `load` itself calls (exceljs 4.x, lib/xlsx/xlsx.js). */
interface XlsxInternals {
  parseRels(chunks: Chunks): Promise<unknown>
  parseWorkbook(chunks: Chunks): Promise<Record<string, unknown>>
  _processWorksheetEntry(chunks: Chunks, model: object, sheetNo: string, options: EntriesLoadOptions, path: string): Promise<void>
  _processWorksheetRelsEntry(chunks: Chunks, model: object, sheetNo: string): Promise<void>
  reconcile(model: object, options: EntriesLoadOptions): void
}

const require = createRequire(import.meta.url)
const XLSX = require('exceljs/lib/xlsx/xlsx.js') as new (workbook: ExcelJS.Workbook) => XlsxInternals
const SharedStringsXform = require('exceljs/lib/xlsx/xform/strings/shared-strings-xform.js') as new () => Xform
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform.js') as new () => Xform

// exceljs feeds its SAX parser 16 KB at a time and collects the events of one chunk at once: the same bound here keeps
// a large sheet from holding all of its events in memory together.
const CHUNK = 16 * 1024

function* chunksOf(data: Buffer): Generator<string> {
  const text = data.toString('utf8')
  for (let i = 0; i < text.length; i += CHUNK) yield text.substring(i, i + CHUNK)
}

// The same (unanchored) patterns exceljs matches entry names with, so that the same parts are read.
const WORKSHEET = /xl\/worksheets\/sheet(\d+)[.]xml/
const WORKSHEET_RELS = /xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/
const UNREAD_RELATIONS = /\/(comments|vmlDrawing|drawing|table)$/

/** One cell as exceljs's reconcile leaves it (lib/xlsx/xform/sheet/cell-xform.js). */
export interface CellModel {
  readonly address?: string
  readonly type: ExcelJS.ValueType
  readonly value?: unknown
  /** A formula's cached result. */
  readonly result?: unknown
  /** A hyperlink's shown text. */
  readonly text?: unknown
  readonly style?: { readonly font?: { readonly name?: string }; readonly numFmt?: string }
}

export interface RowModel {
  readonly number: number
  readonly hidden?: boolean
  readonly cells: readonly CellModel[]
}

export interface SheetModel {
  readonly name: string
  readonly state?: string
  readonly rows: readonly RowModel[]
  /** Merged ranges, "A2:E2". */
  readonly mergeCells?: readonly string[]
}

/**
 * The sheets of a workbook in the workbook's order, as `xlsx.load` would build them, from inflated entries. The
 * workbook object itself is not built: building it expands defined names and merged ranges cell by cell (a one-line
 * "A1:XFD1048576" would never finish), and the importer reads cells straight from the model.
 */
export async function loadWorkbookModel(entries: readonly ZipEntryData[], options: EntriesLoadOptions): Promise<SheetModel[]> {
  const xlsx = new XLSX(new ExcelJS.Workbook())
  const model: Record<string, unknown> = {
    worksheets: [],
    worksheetHash: {},
    worksheetRels: [],
    themes: {},
    media: [],
    mediaIndex: {},
    drawings: {},
    drawingRels: {},
    comments: {},
    tables: {},
    vmlDrawings: {},
  }
  let overLimit: { err: unknown; part: string } | undefined
  for (const entry of entries) {
    const name = entry.name // the zip guard has already dropped a leading "/", as exceljs does
    if (name.endsWith('/')) continue
    const chunks = chunksOf(entry.data)
    switch (name) {
      case '_rels/.rels':
        model.globalRels = await xlsx.parseRels(chunks)
        break
      case 'xl/workbook.xml': {
        const wb = await xlsx.parseWorkbook(chunks)
        Object.assign(model, { sheets: wb.sheets, definedNames: wb.definedNames, views: wb.views, properties: wb.properties, calcProperties: wb.calcProperties })
        break
      }
      case 'xl/_rels/workbook.xml.rels':
        model.workbookRels = await xlsx.parseRels(chunks)
        break
      case 'xl/sharedStrings.xml': {
        const strings = new SharedStringsXform()
        await strings.parseStream(chunks)
        model.sharedStrings = strings
        break
      }
      case 'xl/styles.xml': {
        const styles = new StylesXform()
        await styles.parseStream(chunks)
        model.styles = styles
        break
      }
      default: {
        let match = WORKSHEET.exec(name)
        if (match) {
          try {
            await xlsx._processWorksheetEntry(chunks, model, match[1] as string, options, name)
          } catch (err) {
            // the sheet's name is known once workbook.xml is read, which zips often hold after the sheets
            if (!SheetLimitError.from(err, null)) throw err
            overLimit ??= { err, part: name }
          }
          break
        }
        match = WORKSHEET_RELS.exec(name)
        if (match) await xlsx._processWorksheetRelsEntry(chunks, model, match[1] as string)
      }
    }
  }
  if (overLimit) throw SheetLimitError.from(overLimit.err, sheetNameOf(model, overLimit.part))
  // Drawings, tables and comments are not read (the importer needs none of them); exceljs's reconcile would look
  // them up through the worksheet's relationships, so those references go too. Hyperlinks stay: they are cell values.
  for (const [sheetNo, rels] of Object.entries(model.worksheetRels as Record<string, { Type?: string }[] | undefined>)) {
    ;(model.worksheetRels as Record<string, unknown>)[sheetNo] = rels?.filter((r) => !UNREAD_RELATIONS.test(r.Type ?? ''))
  }
  for (const ws of model.worksheets as { drawing?: unknown; tables?: unknown }[]) {
    ws.drawing = undefined
    ws.tables = []
  }
  xlsx.reconcile(model, options)
  // exceljs's workbook keeps the worksheets the workbook lists (the reconcile gave them an id), by id, in the order of
  // the workbook's sheet list
  const listed = (model.sheets as { id?: number }[] | undefined) ?? []
  const byId = new Map<number, SheetModel & { id?: number }>()
  for (const ws of model.worksheets as (SheetModel & { id?: number })[]) if (typeof ws.id === 'number' && ws.id > 0) byId.set(ws.id, ws)
  const order = (id: number) => listed.findIndex((s) => s.id === id)
  return [...byId.keys()].sort((a, b) => a - b).sort((a, b) => order(a) - order(b)).map((id) => byId.get(id) as SheetModel)
}
