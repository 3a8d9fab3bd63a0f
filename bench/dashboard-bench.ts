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
import { filled } from './live-bench.js'
import { freePort, startServer } from './load-bench.js'

const PASSWORD = 'bench-password-123'
const RUNS = 5
const PERIOD = '2026S2'
const FORM = 'BC-YT72'

/**
 * The dashboard (/tong-hop) in Chromium on the national tree, `tonghop serve` with 2 worker processes: from navigation
 * to the completeness and the rollup table drawn, for a province of 100 wards and for the country (timed in the page:
 * `performance.now()` counts from the navigation's start), and from a ward's submit to the figure changing on the open
 * dashboard of its province. Baselines: the page's rollup and completeness requests sent alone; the submit and those
 * two requests sent alone one after the other.
 */
export async function runDashboardBench(sqliteFile: string, provinceCode: string): Promise<BenchRow[]> {
  await ensureWebBuild()
  const database = openSqlite(sqliteFile)
  const config = loadConfig({ ...process.env, TONGHOP_DB_FILE: sqliteFile })
  const province = await findUnitByCode(database.db, provinceCode)
  const root = await findUnitByCode(database.db, 'VN')
  if (!province || !root) throw new Error(`dashboard bench: no unit ${provinceCode} in ${sqliteFile}`)
  if (!(await findAssignmentsCovering(database.db, province.id, FORM)).some((a) => a.period_type === 'half')) {
    await assignForm(database.db, { formCode: FORM, unit: root, unitKinds: ['ward_committee'], periodType: 'half', deadline: { kind: 'days_after_end', days: 5 }, window: null, validFrom: null, validTo: null })
  }
  for (const [username, role, unitId] of [['dash.viewer', 'viewer', root.id], ['dash.submitter', 'submitter', province.id]] as const) {
    if (!(await findAccountByUsername(database.db, username))) await createAccount(database.db, { username, displayName: username, password: PASSWORD, grants: [{ role, unitId }], grantedBy: null })
  }
  const drafts: number[] = []
  for (let w = 40; drafts.length < RUNS && w < 60; w++) {
    const code = `${provinceCode}.${String(w).padStart(4, '0')}`
    if (!(await findUnitByCode(database.db, code))) continue
    const bytes = await filled((await buildTemplate(database.db, { formCode: FORM, unitCode: code, periodId: PERIOD, layout: 'form' })).bytes)
    const r = await importReturnFile({ db: database.db, dialect: 'sqlite' }, { bytes, fileName: 'bc-yt72.xlsx', dryRun: false, actor: { accountId: null, username: 'bench' } })
    const ret = r.returns[0]
    if ((r.outcome === 'committed' || r.outcome === 'duplicate') && ret?.returnId && ret.status === 'draft') drafts.push(ret.returnId)
  }
  const submitter = (await login(database.db, { username: 'dash.submitter', password: PASSWORD, clientAddress: 'bench', policy: config.loginThrottle })).token
  const viewer = (await login(database.db, { username: 'dash.viewer', password: PASSWORD, clientAddress: 'bench', policy: config.loginThrottle })).token
  await database.close()
  if (drafts.length < RUNS) throw new Error(`dashboard bench: only ${drafts.length} wards of ${provinceCode} have a draft to submit`)

  const port = await freePort()
  const server = await startServer({ sqliteFile }, port, { TONGHOP_WORKERS: '2' })
  const origin = `http://127.0.0.1:${port}`
  const post = (token: string, query: string) =>
    fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) }).then((r) => r.json())
  const pageRequests = (unit: string) =>
    Promise.all([
      post(viewer, `{ rollup(unit: "${unit}", form: "${FORM}", period: "${PERIOD}") { ... on QueryRollupSuccess { data { summary { reportingUnits indicators { code value numerator denominator reportingUnits discrepancy status target { value } options { option count } textCount } } children { unit { code name } indicators { code value status } } } } } }`),
      post(viewer, `{ completeness(unit: "${unit}", form: "${FORM}", period: "${PERIOD}") { ... on QueryCompletenessSuccess { data { expected received onTime late missing lateUnits(first: 200) { lateDays unit { code name } } missingUnits(first: 200) { unit { code name } } children { unit { code } expected received } } } } }`),
    ])
  const browser = await launchChromium()
  try {
    const { context, page } = await newPage(browser, origin)
    const href = (unit: string) => `/tong-hop?don-vi=${unit}&bieu=${FORM}&ky=${PERIOD}`
    await page.goto(href(provinceCode))
    await logIn(page, 'dash.viewer', PASSWORD)
    await page.locator('.rollup-table').waitFor({ timeout: 60_000 })
    const drawn = async (unit: string) => {
      await page.goto(href(unit))
      await page.waitForFunction(() => !!document.querySelector('.rollup-table') && !!document.querySelector('[data-figure="expected"]'), null, { polling: 'raf', timeout: 30_000 })
      return page.evaluate(() => performance.now())
    }
    const bare = async (unit: string) => {
      const t = performance.now()
      await pageRequests(unit)
      return performance.now() - t
    }
    const rows: BenchRow[] = []
    for (const [unit, label, target] of [[provinceCode, `province ${provinceCode} (100 wards)`, '≤ 1 s'], ['VN', 'the country (34 provinces)', '≤ 2 s']] as const) {
      await drawn(unit) // warm
      const shown: number[] = []
      const base: number[] = []
      for (let i = 0; i < RUNS; i++) {
        shown.push(await drawn(unit))
        base.push(await bare(unit))
      }
      rows.push({ name: `dashboard drawn, ${label} (median of ${RUNS})`, ms: median(shown), baselineMs: median(base), note: `navigation → completeness and rollup table shown; baseline: its rollup + completeness requests alone (target ${target}); max ${Math.max(...shown).toFixed(0)} ms` })
    }
    await page.goto(href(provinceCode))
    await page.locator('.rollup-table').waitFor()
    await page.getByText('Đang cập nhật trực tiếp').waitFor({ timeout: 60_000 })
    const received = async () => Number(((await page.locator('[data-figure="received"]').textContent()) ?? '').replace(/\./g, ''))
    const live: number[] = []
    const liveBase: number[] = []
    for (const id of drafts) {
      const before = await received()
      const changed = page.waitForFunction((n) => (document.querySelector('[data-figure="received"]')?.textContent ?? '').replace(/\./g, '') === String(n), before + 1, { polling: 'raf', timeout: 10_000 })
      const t = performance.now()
      const r = (await post(submitter, `mutation { submitReturn(id: ${id}) { __typename } }`)) as { data?: { submitReturn: { __typename: string } } }
      if (r.data?.submitReturn.__typename !== 'MutationSubmitReturnSuccess') throw new Error(`dashboard bench: submit failed ${JSON.stringify(r)}`)
      const submitted = performance.now() - t
      await changed
      live.push(performance.now() - t)
      liveBase.push(submitted + (await bare(provinceCode)))
    }
    rows.push({ name: `submit → figure changed on the dashboard (median of ${RUNS})`, ms: median(live), baselineMs: median(liveBase), note: `2 workers, ${provinceCode} dashboard open; baseline: submit + its rollup and completeness requests alone (target ≤ 2 s); max ${Math.max(...live).toFixed(0)} ms` })
    await context.close()
    return rows
  } finally {
    await browser.close()
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
  }
}
