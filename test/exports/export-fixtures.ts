import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { ConsolidatedChild, ConsolidatedIndicatorRow, ConsolidatedReportData } from '../../exports/consolidated-report-data.js'
import type { ExportForm } from '../../exports/form-shape.js'
import type { RollupQuery, RollupSource } from '../../src/domain/exports/rollup-source.js'

interface SeedIndicator { code: string; label: string; unit?: string; type: string; numerator?: string; denominator?: string; weight?: string; min?: number; max?: number; choices?: string[]; decimals?: number }
interface SeedForm { code: string; version: number; title: string; sections: { code: string; title: string; indicators: SeedIndicator[] }[] }

/** A seeded form as the writers' plain data, without a database. */
export function seedForm(file: 'bc-yt72' | 'bc-qt' | 'bc-nv'): ExportForm {
  const f = JSON.parse(readFileSync(new URL(`../../seeds/forms/${file}.json`, import.meta.url), 'utf8')) as SeedForm
  return {
    code: f.code,
    version: f.version,
    title: f.title,
    sections: f.sections.map((s) => ({
      code: s.code,
      title: s.title,
      indicators: s.indicators.map((i) => ({
        code: i.code, label: i.label, unitOfMeasure: i.unit ?? null, valueType: i.type, numeratorCode: i.numerator ?? null, denominatorCode: i.denominator ?? null,
        weightCode: i.weight ?? null, min: i.min ?? null, max: i.max ?? null, choices: i.choices ?? null, decimals: i.decimals ?? null,
      })),
    })),
  }
}

export const PHUC_LOI = { code: '01.PL', name: 'Đảng ủy phường Phúc Lợi', sector: 'party', placeName: 'Phúc Lợi', headerSuperior: 'ĐẢNG BỘ THÀNH PHỐ HÀ NỘI', headerName: 'ĐẢNG ỦY PHƯỜNG PHÚC LỢI' }

/** Deterministic figures: child i, indicator k. Components are chosen so numerators stay ≤ denominators. */
export function childValues(form: ExportForm, i: number): Record<string, number | string | boolean | null> {
  const values: Record<string, number | string | boolean | null> = {}
  form.sections.flatMap((s) => s.indicators).forEach((ind, k) => {
    if (ind.valueType === 'integer') values[ind.code] = ind.code === 'YT01' || ind.code === 'YT14' || ind.code === 'YT04' || ind.code === 'YT11' ? 10_000 + 137 * i : 1_000 + 31 * i + 7 * k
    else if (ind.valueType === 'decimal') values[ind.code] = 70 + (i % 10) * 0.7
    else if (ind.valueType === 'boolean') values[ind.code] = i % 3 !== 0
  })
  return values
}

export function fixedChildren(form: ExportForm, n: number): ConsolidatedChild[] {
  return Array.from({ length: n }, (_, i) => ({ code: `X${String(i + 1).padStart(4, '0')}`, name: `Đơn vị số ${i + 1}`, values: childValues(form, i) }))
}

/** The unit's figures as the engine would give them: sums, ratios from summed components, weighted averages. */
export function unitRowsFrom(form: ExportForm, children: ConsolidatedChild[]): Record<string, ConsolidatedIndicatorRow> {
  const rows: Record<string, ConsolidatedIndicatorRow> = {}
  const inds = form.sections.flatMap((s) => s.indicators)
  const sum = (code: string) => children.reduce((a, c) => a + (typeof c.values[code] === 'number' ? (c.values[code] as number) : 0), 0)
  for (const ind of inds) {
    if (ind.valueType === 'integer') rows[ind.code] = { value: sum(ind.code), lastYear: Math.round(sum(ind.code) * 0.9), target: null, status: null }
    else if (ind.valueType === 'decimal') {
      const w = ind.weightCode ?? 'YT01'
      const sw = sum(w)
      rows[ind.code] = { value: children.reduce((a, c) => a + (c.values[ind.code] as number) * (c.values[w] as number), 0) / sw }
    }
  }
  for (const ind of inds) {
    if (ind.valueType === 'ratio' && ind.numeratorCode && ind.denominatorCode) {
      const num = sum(ind.numeratorCode)
      const den = sum(ind.denominatorCode)
      rows[ind.code] = { value: num / den, numerator: num, denominator: den, target: '≥ 95%', status: num / den >= 0.95 ? 'Đạt' : 'Chưa đạt' }
    }
  }
  return rows
}

/** A RollupSource over fixed numbers, for tests (the real engine is plugged in by the lead). */
export function fixedRollupSource(n = 5, extraTexts: { unitName: string; indicatorCode: string; text: string }[] = []): RollupSource {
  const cache = new Map<string, ConsolidatedChild[]>()
  const kids = (q: RollupQuery) => {
    const form: ExportForm = { code: q.formCode, version: q.formVersion, title: '', sections: [{ code: 'I', title: '', indicators: [...q.indicators] }] }
    const key = q.formCode
    if (!cache.has(key)) cache.set(key, fixedChildren(form, n))
    return { form, children: cache.get(key) as ConsolidatedChild[] }
  }
  return {
    unitFigures: async (q) => {
      const { form, children } = kids(q)
      return unitRowsFrom(form, children)
    },
    childFigures: async (q) => kids(q).children,
    completeness: async (q) => kids(q).children.map((c, i) => ({ code: c.code, name: c.name, status: i === 0 ? 'late' : i === 1 ? 'missing' : 'received', lateDays: i === 0 ? 3 : null, receivedAt: i === 1 ? null : '2026-06-20' })),
    texts: async () => [{ unitName: 'Đơn vị số 1', indicatorCode: 'YT22', text: 'Thiếu bác sĩ tại trạm y tế' }, ...extraTexts],
  }
}

export function sampleReportData(n = 5): ConsolidatedReportData {
  const form = seedForm('bc-yt72')
  const children = fixedChildren(form, n)
  return {
    unit: PHUC_LOI,
    form,
    period: { id: '2026S1', label: '6 tháng đầu năm 2026' },
    document: { symbol: '72-NQ/TW', title: 'Về một số giải pháp đột phá, tăng cường bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân' },
    signer: { title: 'T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC', name: 'Nguyễn Xuân Hiền' },
    numberLine: 'Số 45-BC/ĐU',
    recipients: ['Ban TG và DV Thành ủy, (để báo cáo)', 'Thường trực Đảng ủy,', 'Lưu.'],
    date: '2026-06-25',
    rows: unitRowsFrom(form, children),
    children,
    completeness: [
      { code: 'X0001', name: 'Đơn vị số 1', status: 'received', lateDays: null, receivedAt: '2026-06-10' },
      { code: 'X0002', name: 'Đơn vị số 2', status: 'late', lateDays: 4, receivedAt: '2026-06-18' },
      { code: 'X0003', name: 'Đơn vị số 3', status: 'missing', lateDays: null, receivedAt: null },
    ],
    texts: [
      { unitName: 'Đơn vị số 1', indicatorCode: 'YT22', text: 'Thiếu bác sĩ tại trạm y tế' },
      { unitName: 'Đơn vị số 2', indicatorCode: 'YT22', text: '=HYPERLINK("http://evil.example","bấm vào")' },
      { unitName: 'Đơn vị số 2', indicatorCode: 'YT22', text: '+1+2' },
      { unitName: 'Đơn vị số 3', indicatorCode: 'YT22', text: '@SUM(A1)' },
      { unitName: 'Đơn vị số 3', indicatorCode: 'YT22', text: '\tcmd|calc' },
    ],
  }
}

export async function loadWorkbook(bytes: Buffer | ArrayBuffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  return wb
}

/** Column A of the hidden sheet → column B, as the importer reads it. */
export function metaOf(wb: ExcelJS.Workbook): Record<string, unknown> {
  const ws = wb.getWorksheet('_tonghop')
  if (!ws) throw new Error('no _tonghop sheet')
  const out: Record<string, unknown> = {}
  ws.eachRow((r) => {
    out[String(r.getCell(1).value)] = r.getCell(2).value
  })
  return out
}

/** First row whose cells A.. equal `headers`. */
export function findRow(ws: ExcelJS.Worksheet, headers: readonly string[]): number {
  for (let r = 1; r <= ws.rowCount; r++) {
    if (headers.every((h, i) => ws.getCell(r, i + 1).value === h)) return r
  }
  return -1
}

export function textsOf(ws: ExcelJS.Worksheet, maxRow = 12): string[] {
  const out: string[] = []
  for (let r = 1; r <= maxRow; r++) {
    ws.getRow(r).eachCell((c) => {
      if (typeof c.value === 'string' && !out.includes(c.value)) out.push(c.value)
    })
  }
  return out
}

/** The bytes of one entry of an .xlsx (a zip). */
export async function xlsxEntry(bytes: Buffer, name: string): Promise<string> {
  const yauzl = (await import('yauzl')).default
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'))
      zip.on('entry', (entry: { fileName: string }) => {
        if (entry.fileName !== name) return zip.readEntry()
        zip.openReadStream(entry as never, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'))
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        })
      })
      zip.on('end', () => reject(new Error(`no ${name} in the workbook`)))
      zip.readEntry()
    })
  })
}

/** The cells of the n-th sheet (1-based) whose style has the quote prefix (`<xf quotePrefix="1">`), read from the XML. */
export async function quotePrefixedCells(bytes: Buffer, sheet: number): Promise<Set<string>> {
  const styles = await xlsxEntry(bytes, 'xl/styles.xml')
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? ''
  const quoted = [...xfs.matchAll(/<xf\b[^>]*>/g)].map((m) => /quotePrefix="(1|true)"/.test(m[0]))
  const xml = await xlsxEntry(bytes, `xl/worksheets/sheet${sheet}.xml`)
  const out = new Set<string>()
  for (const m of xml.matchAll(/<c\b[^>]*\br="([A-Z]+\d+)"[^>]*>/g)) {
    const s = /\bs="(\d+)"/.exec(m[0])
    if (s && quoted[Number(s[1])]) out.add(m[1] as string)
  }
  return out
}
