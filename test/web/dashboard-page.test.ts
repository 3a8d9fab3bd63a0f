import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { insertReturnWithValues } from '../../src/db/repositories/rollup.repository.js'
import { afterReturnCommitted } from '../../src/domain/rollup/rollup-maintenance.js'
import { fileReturn } from '../support/file-returns.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { launchChromium, logIn, newPage, screenshot, seriousViolations, startWebServer, type WebServer } from '../support/web-harness.js'
import { apiFigures, docsScreenshot, expectChartsShow, expectPageShows } from './dashboard-support.js'

const Q1 = { form: 'BC-QT', period: '2026Q1' }
const href = (unit: string, form = Q1.form, period = Q1.period) => `/tong-hop?don-vi=${unit}&bieu=${form}&ky=${period}`

forEachDialect('web application: the city’s dashboard (/tong-hop)', (dialect) => {
  let server: WebServer
  let browser: Browser
  beforeAll(async () => {
    server = await startWebServer(dialect)
    browser = await launchChromium()
    await fileReturn(server, '01.PL', 'BC-QT', '2026Q1', { QT01: 4, QT02: 320, QT03: 250, QT04: 300, QT06: 11, QT07: 12, QT09: 'Có', TT01: 25, DG03: '- Thiếu kinh phí in tài liệu', DG04: 'Đề nghị hỗ trợ tài liệu tuyên truyền' })
    await fileReturn(server, '31.BD', 'BC-QT', '2026Q1', { QT01: 2, QT03: 90, QT04: 100, DG03: 'Khó khăn riêng của Bạch Đằng' })
    // Bạch Đằng also sent a consolidated return that disagrees with its own + children (2 conferences, not 5)
    const bd = await findUnitByCode(server.db, '31.BD')
    await server.db.transaction().execute(async (trx) => afterReturnCommitted(trx, await insertReturnWithValues(trx, { formCode: 'BC-QT', periodId: '2026Q1', periodStart: '2026-01-01', periodEnd: '2026-03-31', unitId: bd?.id as number, scope: 'consolidated', values: [{ code: 'QT01', num: 5 }, { code: 'QT03', num: 90 }, { code: 'QT04', num: 100 }] })))
    await fileReturn(server, '31.BD.TYT', 'BC-YT72', '2026S1', { YT01: 8000, YT02: 7900, YT04: 100, YT05: 90, YT21: 74.2 })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('a viewer of Thành ủy Hà Nội sees the API’s figures for the city and for Phúc Lợi, drills down and up, finds units and texts', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto(href('01'))
    await logIn(page, 'tuyengiao.hanoi')
    await page.locator('.rollup-table').waitFor()
    const city = await apiFigures(page, { unit: '01', ...Q1 })
    expect(city.completeness).toMatchObject({ expected: 1, received: 1 })
    await expectPageShows(page, city)
    expect(await page.locator('tr[data-code="QT05"] [data-col="value"]').textContent()).toBe('83,33 %')
    // the charts read the same figures: children ranked by the ratio, the ratio over the year, yes/no as k of n
    expect(await page.getByLabel('Chỉ tiêu', { exact: true }).inputValue()).toBe('QT05')
    await expectChartsShow(page, { unit: '01', ...Q1, indicator: 'QT05', periods: ['2026Q1'] })
    await page.getByRole('img', { name: /Xếp hạng đơn vị trực thuộc theo/ }).waitFor()
    expect(await page.locator('.charts').getByRole('row', { name: /Đã ban hành kế hoạch thực hiện/ }).textContent()).toContain('1/1 có')
    await page.getByLabel('Chỉ tiêu', { exact: true }).selectOption('QT01')
    await expectChartsShow(page, { unit: '01', ...Q1, indicator: 'QT01', periods: ['2026Q1'] })
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'tong-hop-thanh-pho')
    await docsScreenshot(page, 'tong-hop')

    // the texts, in unit order, searchable without diacritics
    const texts = page.locator('.texts')
    await texts.getByLabel('Nội dung').selectOption('DG03')
    await texts.getByText('- Thiếu kinh phí in tài liệu').waitFor()
    await texts.getByLabel('Tìm trong ý kiến').fill('khong co')
    await texts.getByText('Chưa có ý kiến nào.').waitFor()
    await texts.getByLabel('Tìm trong ý kiến').fill('kinh phi')
    await texts.getByText('- Thiếu kinh phí in tài liệu').waitFor()
    expect(await texts.locator('dt').allTextContents()).toEqual(['Đảng ủy phường Phúc Lợi'])

    // one click drills down a level; the breadcrumbs go back up
    await page.getByRole('navigation', { name: 'Đơn vị trực thuộc' }).getByRole('link', { name: 'Đảng ủy phường Phúc Lợi', exact: true }).click()
    await page.locator('h1', { hasText: 'Đảng ủy phường Phúc Lợi' }).waitFor()
    const ward = await apiFigures(page, { unit: '01.PL', ...Q1 })
    await expectPageShows(page, ward)
    const crumbs = page.getByRole('navigation', { name: 'Đường dẫn đơn vị' })
    expect((await crumbs.locator('li').allTextContents()).map((s) => s.trim())).toEqual(['Thành ủy Hà Nội', 'Đảng ủy phường Phúc Lợi'])
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'tong-hop-phuong')
    await docsScreenshot(page, 'tong-hop-phuong')
    await crumbs.getByRole('link', { name: 'Thành ủy Hà Nội' }).click()
    await page.locator('h1', { hasText: 'Thành ủy Hà Nội' }).waitFor()
    await expectPageShows(page, city)

    // the tree opens a unit's own units in place, from the keyboard
    const tree = page.getByRole('navigation', { name: 'Đơn vị trực thuộc' })
    await tree.getByRole('button', { name: 'Mở Đảng ủy phường Phúc Lợi' }).focus()
    await page.keyboard.press('Enter')
    await tree.getByRole('button', { name: 'Thu gọn Đảng ủy phường Phúc Lợi' }).waitFor()
    await tree.getByRole('link', { name: 'Chi bộ Tổ dân phố số 1' }).waitFor()
    await tree.getByRole('button', { name: 'Mở Ủy ban nhân dân phường Phúc Lợi' }).press('Space')
    await tree.getByRole('link', { name: 'Trạm Y tế phường Phúc Lợi' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await tree.getByRole('link', { name: 'Trạm Y tế phường Phúc Lợi' }).press('Enter')
    await page.locator('h1', { hasText: 'Trạm Y tế phường Phúc Lợi' }).waitFor()
    await expectPageShows(page, await apiFigures(page, { unit: '01.PL.TYT', ...Q1 }))
    expect((await page.getByRole('navigation', { name: 'Đường dẫn đơn vị' }).locator('li').allTextContents()).map((s) => s.trim())).toEqual(['Thành ủy Hà Nội', 'Đảng ủy phường Phúc Lợi', 'Ủy ban nhân dân phường Phúc Lợi', 'Trạm Y tế phường Phúc Lợi'])
    await page.goto(href('01'))
    await page.locator('.rollup-table').waitFor()

    // the unit search: "phuc loi" finds Phúc Lợi
    await page.getByLabel('Tìm đơn vị').fill('phuc loi')
    await page.locator('.unit-results').waitFor()
    await docsScreenshot(page, 'tong-hop-tim-don-vi')
    await page.locator('.unit-results').getByRole('link', { name: 'Đảng ủy phường Phúc Lợi', exact: true }).click()
    await page.locator('h1', { hasText: 'Đảng ủy phường Phúc Lợi' }).waitFor()

    // another period: nobody has reported; one click from the missing unit to its own page
    await page.goto(href('01', 'BC-QT', '2026Q2'))
    await page.getByRole('heading', { name: /Chưa nộp \(1\)/ }).waitFor()
    await page.locator('.missing-units').getByRole('link', { name: 'Đảng ủy phường Phúc Lợi', exact: true }).click()
    await page.locator('h1', { hasText: 'Đảng ủy phường Phúc Lợi' }).waitFor()
    expect(new URL(page.url()).searchParams.get('don-vi')).toBe('01.PL')
    await expectPageShows(page, await apiFigures(page, { unit: '01.PL', form: 'BC-QT', period: '2026Q2' }))

    // on paper: A4, the figures without the controls
    await page.goto(href('01'))
    await page.locator('.rollup-table').waitFor()
    await page.getByRole('button', { name: 'In (khổ A4)' }).waitFor()
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.topbar').isVisible()).toBe(false)
    expect(await page.locator('.context-bar').isVisible()).toBe(false)
    expect(await page.locator('.rollup-table').isVisible()).toBe(true)
    expect(await page.locator('.ranking-table').isVisible()).toBe(true)
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
    expect(pages).toBeGreaterThanOrEqual(1)
    expect(pages).toBeLessThanOrEqual(4)
    await docsScreenshot(page, 'tong-hop-in')
    await page.emulateMedia({ media: 'screen' })

    // the form and period choices
    await page.goto(href('01'))
    await page.locator('.rollup-table').waitFor()
    await page.getByLabel('Kỳ báo cáo', { exact: true }).selectOption({ label: 'Quý II/2026' })
    await page.waitForURL(/ky=2026Q2/)
    await page.getByRole('heading', { name: /Quý II\/2026/ }).waitFor()
    await context.close()
  })

  it('a viewer of Hải Phòng sees nothing of Hà Nội', { timeout: 60_000 }, async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/tong-hop')
    await logIn(page, 'tuyengiao.haiphong')
    await page.locator('h1', { hasText: 'Thành ủy Hải Phòng' }).waitFor()
    await page.getByLabel('Kỳ báo cáo', { exact: true }).selectOption('2026Q1')
    await page.locator('h1', { hasText: 'Quý I/2026' }).waitFor()
    await expectPageShows(page, await apiFigures(page, { unit: '31', ...Q1 }))
    // the discrepancy where Bạch Đằng's consolidated return and its own + children disagree
    await page.getByRole('navigation', { name: 'Đơn vị trực thuộc' }).getByRole('link', { name: 'Đảng ủy phường Bạch Đằng', exact: true }).click()
    await page.locator('h1', { hasText: 'Đảng ủy phường Bạch Đằng' }).waitFor()
    const bd = await apiFigures(page, { unit: '31.BD', ...Q1 })
    expect(bd.indicators.find((f) => f.code === 'QT01')?.discrepancy).toBe(3)
    await expectPageShows(page, bd)
    expect(await page.locator('tr[data-code="QT01"] [data-col="discrepancy"]').textContent()).toBe('3')
    expect(await page.locator('body').textContent()).not.toMatch(/Hà Nội|Phúc Lợi/)
    expect(await seriousViolations(page)).toEqual([])
    // which wards are below their immunization target: Bạch Đằng's 90 % against its > 95 %
    await page.goto('/tong-hop?don-vi=31&bieu=BC-YT72&ky=2026S1')
    await page.locator('.rollup-table').waitFor()
    await expectPageShows(page, await apiFigures(page, { unit: '31', form: 'BC-YT72', period: '2026S1' }))
    await page.getByLabel('Chỉ tiêu', { exact: true }).selectOption('YT06')
    await expectChartsShow(page, { unit: '31', form: 'BC-YT72', period: '2026S1', indicator: 'YT06', periods: ['2026S1'] })
    expect(await page.locator('.ranking-table tr[data-unit="31.BD"]').textContent()).toContain('> 95: Chưa đạt')
    expect(await page.locator('[data-figure="childrenWithTargets"]').textContent()).toBe('1')
    expect(await page.locator('[data-figure="childrenMeetingTargets"]').textContent()).toBe('0')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'tong-hop-bieu-do')
    await docsScreenshot(page, 'tong-hop-bieu-do')
    await page.getByLabel('Tìm đơn vị').fill('phuc loi')
    await page.getByText('Không tìm thấy đơn vị nào').waitFor()
    await page.goto(href('01'))
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('Không tìm thấy đơn vị')
    expect(await page.locator('.rollup-table').count()).toBe(0)
    await page.goto(href('01.PL'))
    await page.getByRole('alert').waitFor()
    expect(await page.locator('body').textContent()).not.toMatch(/Phúc Lợi/)
    await context.close()
  })
})
