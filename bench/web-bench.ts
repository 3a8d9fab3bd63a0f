import type { AddressInfo } from 'node:net'
import { buildAppServices } from '../src/bootstrap.js'
import ExcelJS from 'exceljs'
import { loadConfig } from '../src/config/config.js'
import { openSqlite } from '../src/db/create-database.js'
import { findAccountByUsername } from '../src/db/repositories/account.repository.js'
import { findAssignmentsCovering } from '../src/db/repositories/assignment.repository.js'
import { findUnitByCode } from '../src/db/repositories/unit.repository.js'
import { createAccount } from '../src/domain/accounts/account-service.js'
import { assignForm } from '../src/domain/assignments/assignment-admin-service.js'
import { buildTemplate } from '../src/domain/exports/export-service.js'
import { listen } from '../src/http/serve.js'
import { ensureWebBuild } from '../src/http/web-build.js'
import { launchChromium, logIn, newPage } from '../test/support/web-harness.js'
import { median, type BenchRow } from './bench-row.js'

const PASSWORD = 'bench-password-123'
const RUNS = 7

/** A ward's BC-YT72 return, filled in, with one negative figure so the page has a finding to show. */
async function wardFile(bytes: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  let first = true
  wb.getWorksheet('Biểu 01')?.eachRow((row) => {
    const code = row.getCell(2).value
    const cell = row.getCell(5)
    if (typeof code !== 'string' || !/^YT\d\d$/.test(code) || cell.formula || cell.dataValidation?.type !== 'whole') return
    cell.value = first ? -1 : 1000
    first = false
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/**
 * The web application in Debian's Chromium on loopback, against the server on the national tree: bytes of the first
 * page (gzip), navigation → the clerk's list shown, and dropping a ward's BC-YT72 file → its findings shown. The
 * baselines are the same GraphQL requests sent alone (what the page adds is the difference).
 */
export async function runWebBench(sqliteFile: string, wardCode: string): Promise<{ firstPageBytes: number; rows: BenchRow[] }> {
  await ensureWebBuild()
  const database = openSqlite(sqliteFile)
  const config = { ...loadConfig({ ...process.env, TONGHOP_DB_FILE: sqliteFile }), host: '127.0.0.1', secret: 'web-bench-secret-web-bench-secret-000' }
  const ward = await findUnitByCode(database.db, wardCode)
  const root = await findUnitByCode(database.db, 'VN')
  if (!ward || !root) throw new Error(`web bench: no unit ${wardCode} in ${sqliteFile}`)
  if (!(await findAssignmentsCovering(database.db, ward.id, 'BC-YT72')).some((a) => a.period_type === 'half')) {
    await assignForm(database.db, { formCode: 'BC-YT72', unit: root, unitKinds: ['ward_committee'], periodType: 'half', deadline: { kind: 'days_after_end', days: 5 }, window: null, validFrom: null, validTo: null })
  }
  if (!(await findAccountByUsername(database.db, 'web.bench'))) {
    await createAccount(database.db, { username: 'web.bench', displayName: 'web bench', password: PASSWORD, grants: [{ role: 'submitter', unitId: ward.id }], grantedBy: null })
  }
  const file = await wardFile((await buildTemplate(database.db, { formCode: 'BC-YT72', unitCode: wardCode, periodId: '2026S2', layout: 'form' })).bytes)
  const server = await listen(buildAppServices(config, database), 0)
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await launchChromium()
  try {
    const { context, page } = await newPage(browser, origin)
    // First page: everything the browser fetched to show the login page, as transferred (gzip, headers included).
    let bytes = 0
    const sizes: Promise<void>[] = []
    page.on('requestfinished', (request) => sizes.push(request.sizes().then((s) => void (bytes += s.responseBodySize + s.responseHeadersSize))))
    await page.goto('/dang-nhap')
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor()
    await Promise.all(sizes)
    page.removeAllListeners('requestfinished')
    const firstPageBytes = bytes
    await logIn(page, 'web.bench', PASSWORD)
    await page.locator('table.work-list').waitFor()

    const listed: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now()
      await page.goto('/')
      await page.locator('table.work-list tbody tr').first().waitFor()
      listed.push(performance.now() - t)
    }
    const csrf = (await context.cookies()).find((c) => c.name === 'tonghop_csrf')?.value ?? ''
    const jar = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const listApi: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now()
      const r = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: jar, 'x-tonghop-csrf': csrf }, body: JSON.stringify({ query: '{ workList { unitCode formCode periodId deadline daysLeft status return { id status } } }' }) })
      await r.json()
      listApi.push(performance.now() - t)
    }

    // Dropping the file: a real drop event on the drop zone, timed in the page until the findings table is drawn.
    await page.goto('/tai-len')
    await page.locator('.dropzone').waitFor()
    const base64 = file.toString('base64')
    const dropped: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const ms = await page.evaluate(async (b64) => {
        const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
        const before = document.querySelectorAll('tr.finding').length
        const transfer = new DataTransfer()
        transfer.items.add(new File([data], 'bc-yt72.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
        const t = performance.now()
        document.querySelector('.dropzone')?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
        while (document.querySelectorAll('tr.finding').length === before) await new Promise((r) => requestAnimationFrame(r))
        return performance.now() - t
      }, base64)
      dropped.push(ms)
    }
    const uploadApi: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const form = new FormData()
      form.append('operations', JSON.stringify({ query: 'mutation($file: File!) { uploadReturn(file: $file, dryRun: true) { ... on MutationUploadReturnSuccess { data { outcome findings { code place } } } } }', variables: { file: null } }))
      form.append('map', JSON.stringify({ 0: ['variables.file'] }))
      form.append('0', new File([new Uint8Array(file)], 'bc-yt72.xlsx'))
      const t = performance.now()
      const r = await fetch(`${origin}/graphql`, { method: 'POST', headers: { cookie: jar, 'x-tonghop-csrf': csrf }, body: form })
      await r.json()
      uploadApi.push(performance.now() - t)
    }
    await context.close()
    return { firstPageBytes, rows: [
      { name: `navigation → clerk's list shown (median of ${RUNS})`, ms: median(listed), baselineMs: median(listApi), note: 'baseline: the workList request alone (target ≤ 1 s)' },
      { name: `drop a ward's BC-YT72 file → findings shown (median of ${RUNS})`, ms: median(dropped), baselineMs: median(uploadApi), note: 'baseline: the dry-run upload request alone (target ≤ 500 ms)' },
    ] }
  } finally {
    await browser.close()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await database.close()
  }
}
