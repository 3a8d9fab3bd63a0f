import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, Download, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DETAIL_SHEET, SUMMARY_SHEET } from '../../exports/consolidated-workbook.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { updateOwnProfile } from '../../src/domain/accounts/account-profile-service.js'
import { createAccount } from '../../src/domain/accounts/account-service.js'
import { findAccountByUsername } from '../../src/db/repositories/account.repository.js'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { computeRollup } from '../../src/domain/rollup/rollup-engine.js'
import { loadWorkbook, metaOf, textsOf } from '../exports/export-fixtures.js'
import { expectDetailMatchesEngine, poisonCachedResults } from '../support/consolidated-check.js'
import { fileReturn } from '../support/file-returns.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { hasLibreOffice, recalculatedByLibreOffice } from '../support/libreoffice.js'
import { launchChromium, newPage, screenshot, seriousViolations, startWebServer, type WebServer } from '../support/web-harness.js'

const TITLE = 'T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC'

/** Presses Tab until the focused element's accessible name matches (as a keyboard user reaches it). */
async function tabTo(page: Page, name: RegExp, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      if (!el) return ''
      const labelled = el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null)
      return (labelled ?? el.textContent ?? '').trim()
    })
    if (name.test(focused)) return
  }
  throw new Error(`Tab never reached ${name}`)
}

async function keyboardLogin(page: Page, username: string): Promise<void> {
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor()
  await tabTo(page, /^Tên đăng nhập$/)
  await page.keyboard.type(username)
  await page.keyboard.press('Tab')
  await page.keyboard.type(DEMO_PASSWORD)
  await page.keyboard.press('Enter')
}

async function bytesOf(download: Download): Promise<Buffer> {
  return readFileSync(await download.path())
}

forEachDialect('web application: the clerk downloads the consolidated workbook and templates (/tai-ve)', (dialect) => {
  let server: WebServer
  let browser: Browser
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-tai-ve-'))
  beforeAll(async () => {
    server = await startWebServer(dialect)
    browser = await launchChromium()
    // Phúc Lợi's return for Quý I/2026, with a yes/no answer and texts starting with "-" and "=".
    await fileReturn(server, '01.PL', 'BC-QT', '2026Q1', { QT01: 4, QT02: 320, QT03: 250, QT04: 300, QT06: 11, QT07: 12, QT09: 'Có', TT01: 25, DG03: '- Thiếu kinh phí in tài liệu', DG04: '=Đề nghị hỗ trợ' })
    // Life expectancy weighted by population (BC-YT72), and choices (BC-NV) filed by Bạch Đằng's offices.
    await fileReturn(server, '01.PL', 'BC-YT72', '2026S1', { YT01: 52000, YT02: 50000, YT04: 600, YT05: 590, YT21: 76.4 })
    await fileReturn(server, '01.PL.TYT', 'BC-YT72', '2026S1', { YT01: 8000, YT02: 7900, YT21: 74.2 })
    await fileReturn(server, '31.BD.TYT', 'BC-NV', '2026Q1', { NV01: 'Hoàn thành', NV02: 'Đang triển khai' })
    await fileReturn(server, '31.BD.VHXH', 'BC-NV', '2026Q1', { NV01: 'Đang triển khai' })
    const ubnd = await findUnitByCode(server.db, '31.BD.UBND')
    await createAccount(server.db, { username: 'bachdang.ubnd.vanthu', displayName: 'Văn thư UBND phường Bạch Đằng', password: DEMO_PASSWORD, grants: [{ role: 'exporter', unitId: ubnd?.id as number }], grantedBy: null })
    // The exporter's own signer title, kept on the account: the page prefills it.
    const account = await findAccountByUsername(server.db, 'vanthu.hanoi')
    await updateOwnProfile(server.db, { accountId: account?.id as number, username: 'vanthu.hanoi', displayName: account?.display_name as string, grants: [], sessionId: null }, { signerTitle: TITLE, clientAddress: '127.0.0.1' })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('an exporter of Thành ủy Hà Nội downloads the workbook from the keyboard, signed and dated as prefilled; LibreOffice recalculates it to the engine', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/')
    await keyboardLogin(page, 'vanthu.hanoi')
    await tabTo(page, /^Tải về$/)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Tải về', level: 1 }).waitFor()
    // Prefilled from the account: the title, the name, today's date (in Vietnam).
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' })
    await expect.poll(() => page.getByLabel('Chức danh (mỗi dòng một dòng in)').inputValue()).toBe(TITLE)
    expect(await page.getByLabel('Họ và tên người ký').inputValue()).toBe('Văn thư Thành ủy Hà Nội (demo)')
    expect(await page.getByLabel('Ngày').inputValue()).toBe(today)
    await page.locator('#tv-bieu option[value="BC-QT"]').waitFor({ state: 'attached' })
    await tabTo(page, /^Biểu mẫu$/)
    await page.keyboard.type('BC-QT')
    await tabTo(page, /^Kỳ báo cáo$/)
    await page.keyboard.type('Quý I/2026')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'tai-ve')
    // The README's picture is refreshed on request only, so a test run leaves the committed file alone.
    if (process.env.TONGHOP_DOCS_SCREENSHOTS === '1') await page.screenshot({ path: join(process.cwd(), 'docs/screenshots/tai-ve.png'), fullPage: true })
    await tabTo(page, /^Tải báo cáo tổng hợp$/)
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    expect(download.suggestedFilename()).toBe('Báo cáo tổng hợp BC-QT - Thành ủy Hà Nội - Quý I-2026.xlsx')
    await page.getByRole('status').filter({ hasText: 'Đang tải Báo cáo tổng hợp BC-QT' }).waitFor()
    const bytes = await bytesOf(download)
    const summary = (await loadWorkbook(bytes)).getWorksheet(SUMMARY_SHEET) as ExcelJS.Worksheet
    const [y, m, d] = today.split('-').map(Number)
    expect(textsOf(summary, 200)).toEqual(expect.arrayContaining([`Hà Nội, ngày ${d} tháng ${m} năm ${y}`, 'T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'Văn thư Thành ủy Hà Nội (demo)']))
    if (hasLibreOffice) {
      const recalculated = await loadWorkbook(recalculatedByLibreOffice(await poisonCachedResults(bytes), dir))
      const engine = await computeRollup(server.db, 'BC-QT', (await findUnitByCode(server.db, '01'))?.id as number, parsePeriodId('2026Q1'))
      const children = engine.root.children.map((c) => ({ code: c.unit.code, indicators: c.indicators }))
      expect(expectDetailMatchesEngine(recalculated.getWorksheet(DETAIL_SHEET) as ExcelJS.Worksheet, engine.root.indicators, children)).toBeGreaterThan(20)
      // "Tổng hợp": the ratios are formulas over the components, recalculated to the engine's figures too.
      const s = recalculated.getWorksheet(SUMMARY_SHEET) as ExcelJS.Worksheet
      for (const f of engine.root.indicators.filter((i) => i.valueType === 'ratio')) {
        let cell: ExcelJS.Cell | null = null
        s.eachRow((row) => { if (row.getCell(2).value === f.code) cell = row.getCell(5) })
        expect((cell as ExcelJS.Cell | null)?.result, f.code).toBeCloseTo((f.value as number) / 100, 9)
      }
    } else console.log('LibreOffice not installed: the downloaded workbook was NOT recalculated (install libreoffice-calc).')

    // Templates in both layouts, from the same page (the next "Kỳ báo cáo" after the export's button is the template's).
    await tabTo(page, /^Kỳ báo cáo$/)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mb-ky')
    await page.keyboard.type('2026Q1')
    await tabTo(page, /^Theo biểu/)
    await page.keyboard.press('ArrowDown')
    await tabTo(page, /^Tải mẫu biểu$/)
    const [table] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    expect(metaOf(await loadWorkbook(await bytesOf(table)))).toMatchObject({ layout: 'table', form: 'BC-QT', unit: '01', period: '2026Q1' })
    // Back from the button to the radio group (the checked one), up to the form layout, on to the button.
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('ArrowUp')
    expect(await page.locator('#mb-theo-bieu').isChecked()).toBe(true)
    await page.keyboard.press('Tab')
    const [form] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    expect(metaOf(await loadWorkbook(await bytesOf(form)))).toMatchObject({ layout: 'form', form: 'BC-QT', unit: '01' })
    await context.close()
  })

  it('every value type from the page: life expectancy by population (Hà Nội, BC-YT72) and choices (Bạch Đằng, BC-NV) recalculate to the engine', async () => {
    for (const [user, unit, form, label] of [['vanthu.hanoi', '01', 'BC-YT72', '6 tháng đầu năm 2026'], ['bachdang.ubnd.vanthu', '31.BD.UBND', 'BC-NV', 'Quý I/2026']] as const) {
      const { context, page } = await newPage(browser, server.origin)
      await page.goto(`/tai-ve?don-vi=${unit}&bieu=${form}&ky=${encodeURIComponent(label)}`)
      await keyboardLogin(page, user)
      await page.getByRole('heading', { name: 'Tải về', level: 1 }).waitFor()
      await page.locator(`#tv-bieu option[value="${form}"]`).waitFor({ state: 'attached' })
      expect(await page.locator('#tv-ky').inputValue()).toBe(label)
      await tabTo(page, /^Tải báo cáo tổng hợp$/)
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
      if (hasLibreOffice) {
        const recalculated = await loadWorkbook(recalculatedByLibreOffice(await poisonCachedResults(await bytesOf(download)), dir))
        const engine = await computeRollup(server.db, form, (await findUnitByCode(server.db, unit))?.id as number, parsePeriodId(form === 'BC-NV' ? '2026Q1' : '2026S1'))
        const children = engine.root.children.map((c) => ({ code: c.unit.code, indicators: c.indicators }))
        expect(expectDetailMatchesEngine(recalculated.getWorksheet(DETAIL_SHEET) as ExcelJS.Worksheet, engine.root.indicators, children), form).toBeGreaterThan(10)
      }
      await context.close()
    }
  })

  it('a viewer sees no consolidated download on the page, and the API refuses it to them', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/tai-ve')
    await keyboardLogin(page, 'tuyengiao.hanoi')
    await page.getByRole('heading', { name: 'Tải về', level: 1 }).waitFor()
    await page.getByRole('heading', { name: 'Mẫu biểu để nhập số liệu' }).waitFor()
    expect(await page.getByRole('heading', { name: /Báo cáo tổng hợp/ }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Tải về' }).count()).toBe(0)
    expect(await seriousViolations(page)).toEqual([])
    // The API decides anyway: the same mutation from this session is refused.
    const refused = await page.evaluate(async () => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('tonghop_csrf='))?.split('=')[1] ?? ''
      const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-tonghop-csrf': decodeURIComponent(csrf) }, body: JSON.stringify({ query: 'mutation { requestExport(form: "BC-QT", unit: "01", period: "2026Q1") { __typename ... on MutationRequestExportSuccess { data { url } } ... on Error { code message } } }' }) })
      return r.text()
    })
    expect(refused).toContain('không có quyền xuất báo cáo tổng hợp')
    expect(refused).not.toContain('/download/export')
    await context.close()
  })
})
