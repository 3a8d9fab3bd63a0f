import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { startServeProcess } from '../support/serve-process.js'
import { holdFirstAnswer, launchChromium, logIn, newPage, readAgain, requestSentAt, screenshot, seriousViolations, watchFor } from '../support/web-harness.js'

const quarterFile = () =>
  toBuffer(formLayoutWorkbook([['QT01', 'Số hội nghị', 2], ['QT03', 'Đảng viên học tập', 40], ['QT04', 'Tổng số đảng viên', 50]], { meta: { period: '2026Q1' }, title: ['ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT', 'Quý I/2026'] }))

const healthFile = () =>
  toBuffer(formLayoutWorkbook([['YT01', 'Dân số trung bình', 6000], ['YT02', 'Số người tham gia bảo hiểm y tế', 5400]], { meta: { form: 'BC-YT72', period: '2026S1', unit: '01.PL', layout: 'form' }, title: ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU Y TẾ', '6 tháng đầu năm 2026'] }))

forEachDialect('web application: live updates on the completeness page, two worker processes', (dialect) => {
  let server: Awaited<ReturnType<typeof startServeProcess>>
  let browser: Browser
  beforeAll(async () => {
    server = await startServeProcess(dialect, 2)
    browser = await launchChromium()
  }, 150_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('shows Phúc Lợi’s submission on the city’s open page within 2 s, without reloading', { timeout: 120_000 }, async () => {
    const viewer = await newPage(browser, server.origin)
    const vpage = viewer.page
    await vpage.goto('/tinh-hinh?don-vi=01&bieu=BC-QT&ky=2026Q1')
    await logIn(vpage, 'tuyengiao.hanoi')
    const summary = vpage.locator('p[role="status"]', { hasText: 'phải nộp' })
    await summary.waitFor()
    expect(await summary.textContent()).toContain('đã nộp 0')
    await vpage.getByText('Đang cập nhật trực tiếp').waitFor()
    expect(await seriousViolations(vpage)).toEqual([])
    await screenshot(vpage, 'truc-tiep-truoc')
    // the page must change without a navigation: a reload would be seen here
    let navigations = 0
    vpage.on('framenavigated', (f) => {
      if (f === vpage.mainFrame()) navigations++
    })

    const clerk = await newPage(browser, server.origin)
    const cpage = clerk.page
    await cpage.goto('/tai-len')
    await logIn(cpage, 'phucloi.nhaplieu')
    await cpage.getByRole('heading', { name: 'Tải lên báo cáo' }).waitFor()
    await cpage.locator('#chon-tep').setInputFiles({ name: 'quy-1.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await quarterFile() })
    const card = cpage.locator('article', { hasText: 'quy-1.xlsx' })
    // A saved draft counts nowhere: the open page hears of the save (SAVED), reads its figures again, and they still say
    // 0. Waiting for that read, not for a fixed time, is what lets this check fail.
    const reread = readAgain(vpage, 'Completeness')
    await card.getByRole('button', { name: 'Lưu' }).click()
    await card.getByText(/Đã lưu số liệu/).waitFor()
    await reread
    expect(await summary.textContent()).toContain('đã nộp 0')

    // "Within 2 s" is from the submit leaving the clerk's browser to the figure drawn on the viewer's, both timed in
    // the browser: the test's own round trips (the click, the polling of the locator) are not the product's.
    const shownAt = await watchFor(vpage, [['p[role="status"]', 'đã nộp 1']])
    const sentAt = requestSentAt(cpage, 'SubmitReturn')
    await card.getByRole('button', { name: 'Nộp báo cáo' }).click()
    const shown = Math.round((await shownAt()) - (await sentAt))
    expect(shown, 'submit sent → figure drawn on the open page (ms)').toBeLessThan(2_000)
    await vpage.locator('p[role="status"]', { hasText: 'đã nộp 1' }).waitFor()
    await card.getByText(/Đã nộp báo cáo/).waitFor()
    // Quý I/2026 closed on 14/3: the submission is late, and the late list names the ward
    await vpage.getByRole('cell', { name: 'Đảng ủy phường Phúc Lợi' }).waitFor()
    expect(navigations).toBe(0)
    expect(await seriousViolations(vpage)).toEqual([])
    await screenshot(vpage, 'truc-tiep-sau')
    console.log(`[${dialect}] submit → figure changed on the open page: ${shown} ms`)

    // a viewer of Hải Phòng cannot follow Hà Nội: the page says the unit is not found and nothing goes live
    const other = await newPage(browser, server.origin)
    await other.page.goto('/tinh-hinh?don-vi=01&bieu=BC-QT&ky=2026Q1')
    await logIn(other.page, 'tuyengiao.haiphong')
    await other.page.getByRole('alert').waitFor()
    expect(await other.page.getByRole('alert').textContent()).toContain('Không tìm thấy đơn vị')
    expect(await other.page.getByText('Đang cập nhật trực tiếp').count()).toBe(0)
    for (const c of [viewer.context, clerk.context, other.context]) await c.close()
  })

  it('never puts back figures that no longer hold when an earlier read answers after a later one', { timeout: 120_000 }, async () => {
    const viewer = await newPage(browser, server.origin)
    const vpage = viewer.page
    await vpage.goto('/tinh-hinh?don-vi=01&bieu=BC-YT72&ky=2026S1')
    await logIn(vpage, 'tuyengiao.hanoi')
    const summary = vpage.locator('p[role="status"]', { hasText: 'phải nộp' })
    await summary.getByText(/đã nộp 0/).waitFor()
    await vpage.getByText('Đang cập nhật trực tiếp').waitFor()
    // The read the save's event causes is answered by the server at once, and handed to the page only later, after the
    // read the submit's event causes (as two server processes, or a slow link, can order them).
    const held = await holdFirstAnswer(vpage, 'Completeness')

    const clerk = await newPage(browser, server.origin)
    const cpage = clerk.page
    await cpage.goto('/tai-len')
    await logIn(cpage, 'phucloi.nhaplieu')
    await cpage.getByRole('heading', { name: 'Tải lên báo cáo' }).waitFor()
    await cpage.locator('#chon-tep').setInputFiles({ name: 'y-te.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await healthFile() })
    const card = cpage.locator('article', { hasText: 'y-te.xlsx' })
    await card.getByRole('button', { name: 'Lưu' }).click()
    await card.getByText(/Đã lưu số liệu/).waitFor()
    await held.arrived
    await card.getByRole('button', { name: 'Nộp báo cáo' }).click()
    await summary.getByText(/đã nộp 1/).waitFor()
    // now the earlier answer (still "đã nộp 0") reaches the page
    await held.release()
    expect(await summary.textContent()).toContain('đã nộp 1')
    await vpage.unrouteAll({ behavior: 'ignoreErrors' })
    for (const c of [viewer.context, clerk.context]) await c.close()
  })
})
