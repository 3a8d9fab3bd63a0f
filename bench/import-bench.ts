import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { generateNationalTree } from '../seeds/national-generator.js'
import { loadSeedBundle } from '../seeds/seed-loader.js'
import { openSqlite } from '../src/db/create-database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { findUnitByCode } from '../src/db/repositories/unit.repository.js'
import { assignForm } from '../src/domain/assignments/assignment-admin-service.js'
import { buildTemplate } from '../src/domain/exports/export-service.js'
import { importReturnFiles } from '../src/domain/returns/import-batch.js'
import { importReturnFile, type ImportResult } from '../src/domain/returns/import-return.js'
import { seedDatabase } from '../src/domain/seeding/seed-database.js'
import { seedNationalTree } from '../src/domain/seeding/seed-national.js'
import { median, type BenchRow } from './bench-row.js'

const VALUES: Record<string, number> = { YT01: 12500, YT02: 12100, YT04: 90, YT05: 88, YT07: 9000, YT09: 3000, YT11: 2100, YT12: 2000, YT14: 8000, YT15: 1900, YT17: 3, YT18: 400, YT19: 4000, YT21: 76.2 }

/** A ward's BC-YT72 return as a clerk sends it: our template, filled in. */
async function filledReturn(bytes: Buffer, unitCode: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  wb.getWorksheet('Biểu 01')?.eachRow((row) => {
    const code = row.getCell(2).value
    if (typeof code === 'string' && code in VALUES) row.getCell(5).value = VALUES[code] as number
  })
  const meta = wb.getWorksheet('_tonghop')
  if (meta) meta.getCell('B4').value = unitCode
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Import of one BC-YT72 return end to end against exceljs loading the same file; then 3,400 ward returns in a row. */
export async function runImportBench(wards = 3_400): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-import-bench-'))
  const handle = openSqlite(join(dir, 'import.sqlite'))
  try {
    await migrateToLatest(handle.db)
    await seedDatabase(handle.db, loadSeedBundle())
    await seedNationalTree(handle.db, generateNationalTree({ unitsPerWard: 1 }))
    const root = await findUnitByCode(handle.db, 'VN')
    if (!root) throw new Error('no national root')
    await assignForm(handle.db, { formCode: 'BC-YT72', unit: root, unitKinds: ['ward_committee'], periodType: 'half', deadline: { kind: 'days_after_end', days: 5 }, window: null, validFrom: null, validTo: null })
    const SAMPLE = 31
    const wardCodes = (await handle.db.selectFrom('units').select('code').where('kind', '=', 'ward_committee').where('code', 'like', 'VN%').orderBy('code').limit(wards).execute()).map((u) => u.code)
    const template = await buildTemplate(handle.db, { formCode: 'BC-YT72', unitCode: wardCodes[0] as string, periodId: '2026S1', layout: 'form' })
    const files: Buffer[] = []
    for (const code of wardCodes) files.push(await filledReturn(template.bytes, code))
    // the single imports: the next half-year's returns of the first wards (the first of them, not timed, starts that
    // period's rollup state)
    const next = await buildTemplate(handle.db, { formCode: 'BC-YT72', unitCode: wardCodes[0] as string, periodId: '2026S2', layout: 'form' })
    const sample: Buffer[] = []
    for (const code of wardCodes.slice(0, SAMPLE + 1)) sample.push(await filledReturn(next.bytes, code))
    const commit = (r: ImportResult) => {
      if (r.outcome !== 'committed') throw new Error(`import bench: a return was not committed: ${r.findings.map((f) => f.code).join(', ')}`)
    }

    // 3,400 ward returns as `tonghop import` runs a batch: each file its own transaction, the next one read meanwhile.
    const t = performance.now()
    await importReturnFiles({ db: handle.db, dialect: 'sqlite' }, files.length, async (i) => ({ bytes: files[i] as Buffer, fileName: 'bc-yt72.xlsx', dryRun: false, actor: { accountId: null, username: 'bench' } }), (_i, r) => commit(r))
    const batch = performance.now() - t

    // Then, warm as a running server is, one return end to end (read, checked, committed and synced to disk), median
    // over 31 more wards' files, against exceljs loading the same files alone.
    const importOne = async (bytes: Buffer) => commit(await importReturnFile({ db: handle.db, dialect: 'sqlite' }, { bytes, fileName: 'bc-yt72.xlsx', dryRun: false, actor: { accountId: null, username: 'bench' } }))
    await importOne(sample[0] as Buffer)
    // each file loaded by exceljs, then imported, in turn: both medians see the machine in the same state
    const loads: number[] = []
    const imports: number[] = []
    for (const file of sample.slice(1)) {
      let t = performance.now()
      await new ExcelJS.Workbook().xlsx.load(file as unknown as ArrayBuffer)
      loads.push(performance.now() - t)
      t = performance.now()
      await importOne(file)
      imports.push(performance.now() - t)
    }
    const load = median(loads)
    const one = median(imports)
    return [
      { name: `import one BC-YT72 return end to end, committed (median of ${SAMPLE})`, ms: one, baselineMs: load, note: `exceljs loading the same files alone, each just before its import; cost ${(one / load).toFixed(2)}× the load (target ≤ 1.5×)` },
      { name: `import ${files.length.toLocaleString('en')} ward BC-YT72 returns, committed`, ms: batch, baselineMs: null, note: `target < 60,000 ms; ${(batch / files.length).toFixed(1)} ms per return, as a batch (the next file read while one commits)` },
    ]
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
