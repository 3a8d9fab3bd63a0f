import ExcelJS from 'exceljs'
import { generateNationalTree } from '../seeds/national-generator.js'
import { loadSeedBundle } from '../seeds/seed-loader.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seedDatabase } from '../src/domain/seeding/seed-database.js'
import { seedNationalTree } from '../src/domain/seeding/seed-national.js'
import { loadConfig } from '../src/config/config.js'
import { openSqlite } from '../src/db/create-database.js'
import { findAccountByUsername } from '../src/db/repositories/account.repository.js'
import { findAssignmentsCovering } from '../src/db/repositories/assignment.repository.js'
import { findUnitByCode } from '../src/db/repositories/unit.repository.js'
import { createAccount, login } from '../src/domain/accounts/account-service.js'
import { assignForm } from '../src/domain/assignments/assignment-admin-service.js'
import { buildTemplate } from '../src/domain/exports/export-service.js'
import { importReturnFile } from '../src/domain/returns/import-return.js'
import { ensureWebBuild } from '../src/http/web-build.js'
import { launchChromium, logIn, newPage } from '../test/support/web-harness.js'
import { median, type BenchRow } from './bench-row.js'
import { freePort, startServer } from './load-bench.js'

const PASSWORD = 'bench-password-123'
const RUNS = 7
const PERIOD = '2026S2'

export async function filled(bytes: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  wb.getWorksheet('Biểu 01')?.eachRow((row) => {
    const cell = row.getCell(5)
    if (typeof row.getCell(2).value === 'string' && !cell.formula && cell.dataValidation?.type === 'whole') cell.value = 1000
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** `--part live` alone: a SQLite file with the seeds and the national tree (no returns), as the rollup bench starts. */
export async function seedNationalFile(sqliteFile: string, log: (line: string) => void): Promise<void> {
  const handle = openSqlite(sqliteFile)
  try {
    await migrateToLatest(handle.db)
    await seedDatabase(handle.db, loadSeedBundle())
    const t = performance.now()
    const units = generateNationalTree()
    await seedNationalTree(handle.db, units)
    log(`seeded ${units.length} units in ${Math.round(performance.now() - t)} ms`)
  } finally {
    await handle.close()
  }
}

/**
 * Live updates on the national tree: `tonghop serve` with 2 worker processes, a viewer's completeness page of a
 * province open in Chromium, and a ward's return submitted through the API: from the submit request sent to the
 * page's figure changing (timed in the page's process by polling the DOM each frame). Baseline: the submit request
 * and then the page's completeness request, sent alone one after the other (a page that knew at once what to ask).
 */
export async function runLiveBench(sqliteFile: string, provinceCode: string): Promise<BenchRow[]> {
  await ensureWebBuild()
  const database = openSqlite(sqliteFile)
  const config = loadConfig({ ...process.env, TONGHOP_DB_FILE: sqliteFile })
  const province = await findUnitByCode(database.db, provinceCode)
  const root = await findUnitByCode(database.db, 'VN')
  if (!province || !root) throw new Error(`live bench: no unit ${provinceCode} in ${sqliteFile}`)
  if (!(await findAssignmentsCovering(database.db, province.id, 'BC-YT72')).some((a) => a.period_type === 'half')) {
    await assignForm(database.db, { formCode: 'BC-YT72', unit: root, unitKinds: ['ward_committee'], periodType: 'half', deadline: { kind: 'days_after_end', days: 5 }, window: null, validFrom: null, validTo: null })
  }
  for (const [username, role] of [['live.viewer', 'viewer'], ['live.submitter', 'submitter']] as const) {
    if (!(await findAccountByUsername(database.db, username))) await createAccount(database.db, { username, displayName: username, password: PASSWORD, grants: [{ role, unitId: province.id }], grantedBy: null })
  }
  // drafts of wards not yet submitted in the period, one per run
  const drafts: number[] = []
  for (let w = 60; drafts.length < RUNS && w < 100; w++) {
    const code = `${provinceCode}.${String(w).padStart(4, '0')}`
    if (!(await findUnitByCode(database.db, code))) continue
    const bytes = await filled((await buildTemplate(database.db, { formCode: 'BC-YT72', unitCode: code, periodId: PERIOD, layout: 'form' })).bytes)
    const r = await importReturnFile({ db: database.db, dialect: 'sqlite' }, { bytes, fileName: 'bc-yt72.xlsx', dryRun: false, actor: { accountId: null, username: 'bench' } })
    const ret = r.returns[0]
    if ((r.outcome === 'committed' || r.outcome === 'duplicate') && ret?.returnId && ret.status === 'draft') drafts.push(ret.returnId)
  }
  const token = (await login(database.db, { username: 'live.submitter', password: PASSWORD, clientAddress: 'bench', policy: config.loginThrottle })).token
  await database.close()
  if (drafts.length < RUNS) throw new Error(`live bench: only ${drafts.length} wards of ${provinceCode} have a draft to submit`)

  const port = await freePort()
  const server = await startServer({ sqliteFile }, port, { TONGHOP_WORKERS: '2' })
  const origin = `http://127.0.0.1:${port}`
  const browser = await launchChromium()
  try {
    const { context, page } = await newPage(browser, origin)
    await page.goto(`/tinh-hinh?don-vi=${provinceCode}&bieu=BC-YT72&ky=${PERIOD}`)
    await logIn(page, 'live.viewer', PASSWORD)
    await page.getByText('Đang cập nhật trực tiếp').waitFor({ timeout: 60_000 })
    const received = async () => Number(/đã nộp (\d+)/.exec((await page.locator('p[role="status"]', { hasText: 'phải nộp' }).textContent({ timeout: 60_000 })) ?? '')?.[1])
    const post = (query: string) =>
      fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) }).then((r) => r.json())
    const live: number[] = []
    const bare: number[] = []
    for (const id of drafts) {
      const before = await received()
      // the page waits, frame by frame, for the figure to move; the submit is sent from here once it waits
      const changed = page.waitForFunction((n) => /đã nộp (\d+)/.exec(document.querySelector('main')?.textContent ?? '')?.[1] === String(n), before + 1, { polling: 'raf', timeout: 10_000 })
      const t = performance.now()
      const r = (await post(`mutation { submitReturn(id: ${id}) { __typename } }`)) as { data?: { submitReturn: { __typename: string } } }
      if (r.data?.submitReturn.__typename !== 'MutationSubmitReturnSuccess') throw new Error(`live bench: submit failed ${JSON.stringify(r)}`)
      const submitted = performance.now() - t
      await changed
      live.push(performance.now() - t)
      const q = performance.now()
      await post(`{ completeness(unit: "${provinceCode}", form: "BC-YT72", period: "${PERIOD}") { expected received onTime late missing lateUnits { lateDays } missingUnits { unit { code } } } }`)
      bare.push(submitted + (performance.now() - q))
    }
    await context.close()
    return [{ name: `submit → figure changed on the open page (median of ${RUNS})`, ms: median(live), baselineMs: median(bare), note: `2 workers, ${provinceCode} completeness; baseline: submit + completeness requests alone (target ≤ 2 s); max ${Math.max(...live).toFixed(0)} ms` }]
  } finally {
    await browser.close()
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
  }
}
