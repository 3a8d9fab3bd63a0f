import { mkdtempSync, rmSync } from 'node:fs'
import { buildAppServices } from '../src/bootstrap.js'
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
import { loadConfig } from '../src/config/config.js'
import { createAccount, login } from '../src/domain/accounts/account-service.js'
import { createTonghopYoga } from '../src/http/create-yoga.js'
import { median, type BenchRow } from './bench-row.js'

const UPLOAD = `mutation($file: File!) { uploadReturn(file: $file, dryRun: false) {
  ... on MutationUploadReturnSuccess { data { outcome findings { code } } } ... on Error { code message } } }`

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

/**
 * Medians of exceljs loading each file alone and of `run` on it, one just before the other for every file, so both
 * see the machine in the same state. `prepare` (untimed) makes what `run` takes from the file.
 */
async function againstLoad<T>(files: readonly Buffer[], prepare: (file: Buffer) => Promise<T>, run: (input: T) => Promise<unknown>): Promise<[load: number, run: number]> {
  const loads: number[] = []
  const runs: number[] = []
  for (const file of files) {
    const input = await prepare(file)
    let t = performance.now()
    await new ExcelJS.Workbook().xlsx.load(file as unknown as ArrayBuffer)
    loads.push(performance.now() - t)
    t = performance.now()
    await run(input)
    runs.push(performance.now() - t)
  }
  return [median(loads), median(runs)]
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
    const [load, one] = await againstLoad(sample.slice(1), async (file) => file, importOne)

    // The same through the API, as a ward clerk's browser sends it: uploadReturn over a multipart request (the body
    // encoded beforehand, as the browser does), authenticated, through yoga.fetch, for 31 more wards.
    const config = loadConfig({ TONGHOP_DB_FILE: join(dir, 'import.sqlite'), TONGHOP_SECRET: 'bench-secret-bench-secret-bench-secret-0' })
    await createAccount(handle.db, { username: 'bench.clerk', displayName: 'bench', password: 'bench-password-123', grants: [{ role: 'submitter', unitId: root.id }], grantedBy: null })
    const { token } = await login(handle.db, { username: 'bench.clerk', password: 'bench-password-123', clientAddress: 'bench', policy: config.loginThrottle })
    const yoga = createTonghopYoga(buildAppServices(config, handle))
    const request = async (bytes: Buffer) => {
      const form = new yoga.fetchAPI.FormData()
      form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null } }))
      form.append('map', JSON.stringify({ 0: ['variables.file'] }))
      form.append('0', new yoga.fetchAPI.File([new Uint8Array(bytes)], 'bc-yt72.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
      const encoded = new yoga.fetchAPI.Response(form)
      return { body: Buffer.from(await encoded.arrayBuffer()), type: encoded.headers.get('content-type') as string }
    }
    const viaApi: Buffer[] = []
    for (const code of wardCodes.slice(SAMPLE + 1, 2 * SAMPLE + 2)) viaApi.push(await filledReturn(next.bytes, code))
    const uploadOne = async (r: { body: Buffer; type: string }) => {
      const res = await yoga.fetch('http://localhost/graphql', { method: 'POST', body: r.body, headers: { 'content-type': r.type, authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
      const body = (await res.json()) as { data?: { uploadReturn?: { data?: { outcome: string; findings: { code: string }[] } } } }
      const out = body.data?.uploadReturn?.data
      if (out?.outcome !== 'committed') throw new Error(`import bench: an API upload was not committed: ${JSON.stringify(body).slice(0, 300)}`)
    }
    await uploadOne(await request(viaApi[0] as Buffer))
    const [apiLoad, api] = await againstLoad(viaApi.slice(1), request, uploadOne)
    return [
      { name: `import one BC-YT72 return end to end, committed (median of ${SAMPLE})`, ms: one, baselineMs: load, note: `exceljs loading the same files alone, each just before its import; cost ${(one / load).toFixed(2)}× the load (target ≤ 1.5×)` },
      { name: `the same through the API (uploadReturn, multipart, median of ${SAMPLE})`, ms: api, baselineMs: apiLoad, note: `exceljs loading the same files alone, each just before its upload; cost ${(api / apiLoad).toFixed(2)}× the load (the import's target is measured above; this adds the request: multipart parsing, sign-in check, GraphQL)` },
      { name: `import ${files.length.toLocaleString('en')} ward BC-YT72 returns, committed`, ms: batch, baselineMs: null, note: `target < 60,000 ms; ${(batch / files.length).toFixed(1)} ms per return, as a batch (the next file read while one commits)` },
    ]
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
