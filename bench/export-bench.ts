import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { writeConsolidatedWorkbook } from '../exports/consolidated-workbook.js'
import type { ConsolidatedChild, ConsolidatedReportData } from '../exports/consolidated-report-data.js'
import { allIndicators, type ExportForm } from '../exports/form-shape.js'
import { loadExportForm } from '../src/domain/exports/form-for-export.js'
import { openSqlite } from '../src/db/create-database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seedDatabase } from '../src/domain/seeding/seed-database.js'
import { loadSeedBundle } from '../seeds/seed-loader.js'
import type { BenchRow } from './bench-row.js'

export const WARDS = 3_400

/** Peak RSS while `work` runs, sampled every 10 ms (plus before and after). */
async function measure(work: () => Promise<void>): Promise<{ ms: number; peakMb: number }> {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 10)
  const started = performance.now()
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  const ms = performance.now() - started
  peak = Math.max(peak, process.memoryUsage().rss)
  return { ms, peakMb: peak / 1024 / 1024 }
}

async function bcYt72(): Promise<ExportForm> {
  const db = openSqlite(':memory:')
  try {
    await migrateToLatest(db.db)
    await seedDatabase(db.db, loadSeedBundle())
    return await loadExportForm(db.db, 'BC-YT72')
  } finally {
    await db.close()
  }
}

/** ≈ the national export: one row per ward, every BC-YT72 indicator. */
export function nationalData(form: ExportForm, wards = WARDS): ConsolidatedReportData {
  const inds = allIndicators(form)
  const children: ConsolidatedChild[] = Array.from({ length: wards }, (_, i) => {
    const values: ConsolidatedChild['values'] = {}
    inds.forEach((ind, k) => {
      if (ind.valueType === 'integer') values[ind.code] = 10_000 + ((i * 37 + k * 101) % 5_000)
      else if (ind.valueType === 'decimal') values[ind.code] = 70 + (i % 100) / 10
    })
    return { code: `W${String(i + 1).padStart(5, '0')}`, name: `Đảng ủy phường số ${i + 1}`, values }
  })
  const rows: ConsolidatedReportData['rows'] = {}
  for (const ind of inds) rows[ind.code] = { value: ind.valueType === 'integer' ? children.reduce((a, c) => a + (c.values[ind.code] as number), 0) : null }
  return {
    unit: { code: 'TW', name: 'Ban Chấp hành Trung ương', sector: 'party', placeName: 'Hà Nội', headerSuperior: null, headerName: 'BAN CHẤP HÀNH TRUNG ƯƠNG' },
    form,
    period: { id: '2026S1', label: '6 tháng đầu năm 2026' },
    document: null,
    signer: { title: 'T/M BAN BÍ THƯ', name: '' },
    numberLine: 'Số       -BC/TW',
    recipients: ['Lưu.'],
    date: '2026-06-30',
    rows,
    children,
    completeness: children.map((c) => ({ code: c.code, name: c.name, status: 'received' as const, lateDays: null, receivedAt: '2026-06-20' })),
    texts: [],
  }
}

/** The baseline: exceljs's streaming writer with the same cells (detail and completeness rows) and no formatting at all. */
async function bareWrite(data: ConsolidatedReportData, file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false })
  const ws = wb.addWorksheet('Chi tiết')
  const inds = allIndicators(data.form).filter((i) => i.valueType !== 'text')
  ws.addRow(['STT', 'Mã đơn vị', 'Tên đơn vị', ...inds.map((i) => i.code)]).commit()
  const num = (c: ConsolidatedChild, code: string | null | undefined) => (code && typeof c.values[code] === 'number' ? (c.values[code] as number) : null)
  const cellOf = (c: ConsolidatedChild, ind: (typeof inds)[number]) => {
    if (ind.valueType !== 'ratio') return num(c, ind.code)
    const n = num(c, ind.numeratorCode)
    const d = num(c, ind.denominatorCode)
    return n !== null && d ? n / d : null
  }
  data.children.forEach((c, i) => ws.addRow([i + 1, c.code, c.name, ...inds.map((ind) => cellOf(c, ind))]).commit())
  ws.commit()
  const done = wb.addWorksheet('Tình hình báo cáo')
  data.completeness.forEach((e, i) => done.addRow([i + 1, e.code, e.name, e.status, e.lateDays, e.receivedAt]).commit())
  done.commit()
  await wb.commit()
}

/** `npm run bench`: the national BC-YT72 export (≈3,400 ward rows) against exceljs writing the same cells bare. */
export async function runExportBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-export-bench-'))
  try {
    const data = nationalData(await bcYt72())
    const bareFile = join(dir, 'bare.xlsx')
    const ourFile = join(dir, 'export.xlsx')
    // Warm-up at full size (module loading, JIT): the first runs are ~2× slower for both writers.
    for (let i = 0; i < 2; i++) {
      await bareWrite(data, bareFile)
      await writeConsolidatedWorkbook(data, { filename: ourFile })
    }
    // Median of three runs each, alternating; peak RSS over all runs of each.
    const bareRuns: { ms: number; peakMb: number }[] = []
    const ourRuns: { ms: number; peakMb: number }[] = []
    for (let i = 0; i < 3; i++) {
      bareRuns.push(await measure(() => bareWrite(data, bareFile)))
      ourRuns.push(await measure(() => writeConsolidatedWorkbook(data, { filename: ourFile })))
    }
    const median = (runs: { ms: number }[]) => [...runs].sort((a, b) => a.ms - b.ms)[1]?.ms ?? 0
    const bare = { ms: median(bareRuns), peakMb: Math.max(...bareRuns.map((r) => r.peakMb)) }
    const ours = { ms: median(ourRuns), peakMb: Math.max(...ourRuns.map((r) => r.peakMb)) }
    const ratio = ours.ms / bare.ms
    const ok = ours.ms <= 10_000 && ours.peakMb <= 300 && ratio <= 2
    return [
      {
        name: `export ${WARDS} wards × BC-YT72 (formatted, median of 3)`,
        ms: ours.ms,
        baselineMs: bare.ms,
        note: `peak RSS ${ours.peakMb.toFixed(0)} MB (bare ${bare.peakMb.toFixed(0)} MB); ${(statSync(ourFile).size / 1024).toFixed(0)} KB; ${ratio.toFixed(2)}× bare; targets ≤ 10 s, ≤ 300 MB, ≤ 2×: ${ok ? 'met' : 'NOT met'}`,
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
