import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { findForm, findIndicatorsOf, type FormRow } from '../../src/db/repositories/form.repository.js'
import { fillTemplate } from '../support/fill-template.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { launchChromium, logIn, newPage, screenshot, seriousViolations, slowNetwork, startWebServer, type WebServer } from '../support/web-harness.js'

async function upload(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.locator('#chon-tep').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes })
}

forEachDialect('web application: the clerk’s and the reviewer’s path', (dialect) => {
  let server: WebServer
  let browser: Browser
  beforeAll(async () => {
    server = await startWebServer(dialect)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('downloads, uploads with a finding, corrects, submits, is sent back, resubmits, is approved, and is then locked', async () => {
    const clerk = await newPage(browser, server.origin)
    const page = clerk.page
    await page.goto('/')
    await page.getByLabel('Tên đăng nhập').waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'dang-nhap')
    await logIn(page, 'phucloi.nhaplieu')
    await page.getByRole('heading', { name: 'Việc cần làm' }).waitFor()
    // The ward's own BC-QT row (whatever quarter is due today), not yet filed.
    const row = page.locator('tr[data-row^="01.PL BC-QT "]').filter({ hasText: 'chưa nộp' }).first()
    await row.waitFor()
    const [, , period] = ((await row.getAttribute('data-row')) as string).split(' ')
    expect(await row.textContent()).toMatch(/còn \d+ ngày|quá hạn \d+ ngày|hạn hôm nay/)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'viec-can-lam')

    const download = page.waitForEvent('download')
    await row.getByRole('button', { name: /^Tải mẫu biểu/ }).click()
    const template = readFileSync((await (await download).path()) as string)
    expect(template.subarray(0, 2).toString()).toBe('PK')

    const bad = await fillTemplate(template, 10, { value: -5 })
    expect(bad.overriddenCell).not.toBeNull()
    await row.getByRole('link', { name: /^Tải lên/ }).click()
    await page.getByRole('heading', { name: 'Tải lên báo cáo' }).waitFor()
    await upload(page, 'bao-cao-sai.xlsx', bad.bytes)
    const badCard = page.locator('article', { hasText: 'bao-cao-sai.xlsx' })
    const finding = badCard.locator('tr.finding', { hasText: bad.overriddenCell as string })
    await finding.waitFor()
    expect(await finding.textContent()).toContain('không được âm')
    // the indicator's code and label, the label once: the message already names it "QT01 (label)"
    const form = (await findForm(server.db, 'BC-QT')) as FormRow
    const indicatorLabel = (await findIndicatorsOf(server.db, [form.id])).find((i) => i.code === bad.firstCode)?.label as string
    const findingCells = await finding.locator('td').allTextContents()
    expect(findingCells[2]).toBe(bad.firstCode)
    expect(findingCells[3]).toContain(`${bad.firstCode} (${indicatorLabel})`)
    expect(((await finding.textContent()) as string).split(indicatorLabel).length - 1).toBe(1)
    expect(await badCard.getByRole('button', { name: 'Lưu' }).count()).toBe(0)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'tai-len-co-loi')

    const good = await fillTemplate(template, 10)
    await upload(page, 'bao-cao-dung.xlsx', good.bytes)
    const goodCard = page.locator('article', { hasText: 'bao-cao-dung.xlsx' })
    await goodCard.getByText('Đọc thử xong').waitFor()
    await screenshot(page, 'doc-thu')
    await goodCard.getByRole('button', { name: 'Lưu' }).click()
    await goodCard.getByText(/Đã lưu số liệu/).waitFor()
    await goodCard.getByRole('button', { name: 'Nộp báo cáo' }).click()
    await goodCard.getByText(/Đã nộp báo cáo/).waitFor()
    await screenshot(page, 'da-nop')

    const reviewer = await newPage(browser, server.origin)
    const rpage = reviewer.page
    await rpage.goto('/duyet')
    await logIn(rpage, 'phucloi.duyet')
    await rpage.getByRole('heading', { name: 'Duyệt báo cáo' }).waitFor()
    const listed = rpage.locator('tbody tr', { hasText: 'BC-QT' })
    await listed.first().waitFor()
    expect(await seriousViolations(rpage)).toEqual([])
    await screenshot(rpage, 'duyet-danh-sach')
    await listed.first().getByRole('link', { name: /^Xem và duyệt/ }).click()
    await rpage.getByLabel('Lý do trả lại (bắt buộc)').fill('Số đảng viên chưa khớp danh sách chi bộ')
    expect(await seriousViolations(rpage)).toEqual([])
    await screenshot(rpage, 'bao-cao-chi-tiet')
    await rpage.getByRole('button', { name: 'Trả lại' }).click()
    await rpage.getByText('Đã trả lại báo cáo').waitFor()
    await screenshot(rpage, 'da-tra-lai')
    const returnId = Number(/\/bao-cao\/(\d+)/.exec(rpage.url())?.[1])

    await page.goto('/')
    const returned = page.locator(`tr[data-row="01.PL BC-QT ${period}"]`)
    await returned.getByText('Lý do trả lại: Số đảng viên chưa khớp danh sách chi bộ').waitFor()
    expect(await returned.textContent()).toContain('bị trả lại')
    await screenshot(page, 'bi-tra-lai')
    await returned.getByRole('link', { name: /^Tải lên/ }).click()
    await upload(page, 'bao-cao-sua.xlsx', (await fillTemplate(template, 12)).bytes)
    const fixed = page.locator('article', { hasText: 'bao-cao-sua.xlsx' })
    await fixed.getByRole('button', { name: 'Lưu' }).click()
    await fixed.getByText(/lần cập nhật thứ 2/).waitFor()
    await fixed.getByRole('button', { name: 'Nộp báo cáo' }).click()
    await fixed.getByText(/Đã nộp báo cáo/).waitFor()
    await screenshot(page, 'nop-lai')

    // The reviewer sees the values beside the previous revision, a value's history and the original file, then
    // approves from the list (several at once works the same way).
    await rpage.goto(`/bao-cao/${returnId}`)
    await rpage.getByRole('columnheader', { name: 'Lần 1' }).waitFor()
    // each value with the cell it came from
    expect(await rpage.locator('tbody tr', { hasText: bad.firstCode as string }).first().textContent()).toMatch(/![A-Z]+\d+/)
    await rpage.getByRole('button', { name: `Lịch sử ${bad.firstCode}` }).click()
    const history = rpage.getByRole('region', { name: `Lịch sử chỉ tiêu ${bad.firstCode}` })
    await history.getByText('bao-cao-sua.xlsx').waitFor()
    expect(await history.textContent()).toContain('bao-cao-dung.xlsx')
    const original = rpage.waitForEvent('download')
    await rpage.getByRole('button', { name: 'Tải tệp gốc lần 1' }).click()
    expect(readFileSync((await (await original).path()) as string).equals(good.bytes)).toBe(true)
    expect(await seriousViolations(rpage)).toEqual([])
    await screenshot(rpage, 'lich-su')
    await rpage.goto('/duyet')
    await rpage.getByRole('checkbox', { name: /^Chọn Đảng ủy phường Phúc Lợi BC-QT/ }).check()
    await rpage.getByRole('button', { name: /Duyệt 1 báo cáo đã chọn/ }).click()
    await rpage.getByText('Đã duyệt 1 báo cáo.').waitFor()
    await screenshot(rpage, 'da-duyet')

    await page.goto('/tai-len')
    await upload(page, 'bao-cao-muon.xlsx', (await fillTemplate(template, 13)).bytes)
    const locked = page.locator('article', { hasText: 'bao-cao-muon.xlsx' })
    await locked.getByText(/đã được duyệt nên bị khóa/).first().waitFor()
    expect(await locked.textContent()).toContain('phucloi.duyet')
    await screenshot(page, 'bi-khoa')

    // The ward's own picture: who under it has filed this form and period.
    await page.goto(`/tinh-hinh?don-vi=01.PL&bieu=BC-QT&ky=${period}`)
    await page.getByText(/phải nộp \d+, đã nộp \d+/).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'tinh-hinh')

    // A user of another ward sees none of it.
    const other = await newPage(browser, server.origin)
    await other.page.goto(`/bao-cao/${returnId}`)
    await logIn(other.page, 'bachdang.nhaplieu')
    await other.page.getByRole('heading', { name: 'Không tìm thấy báo cáo' }).waitFor()
    await other.page.goto('/')
    await other.page.getByRole('heading', { name: 'Việc cần làm' }).waitFor()
    await other.page.locator('table.work-list').waitFor()
    expect(await other.page.locator('tr[data-row^="01.PL"]').count()).toBe(0)
    await screenshot(other.page, 'phuong-khac')

    // A replay of the reviewer's reopen without the CSRF header, or from another origin, changes nothing.
    const jar = (await reviewer.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const csrf = (await reviewer.context.cookies()).find((c) => c.name === 'tonghop_csrf')?.value ?? ''
    const reopen = JSON.stringify({ query: `mutation { reopenReturn(id: ${returnId}) { __typename } }` })
    const replays: Record<string, string>[] = [{}, { 'x-tonghop-csrf': csrf, origin: 'https://evil.example' }]
    for (const headers of replays) {
      const r = await fetch(`${server.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: jar, ...headers }, body: reopen })
      expect(r.status).toBe(403)
    }
    const status = await server.db.selectFrom('returns').select('status').where('id', '=', returnId).executeTakeFirstOrThrow()
    expect(status.status).toBe('approved')
    await rpage.goto(`/bao-cao/${returnId}`)
    await rpage.locator('.status-approved').waitFor()
    await screenshot(rpage, 'van-da-duyet')

    // Reopening is offered by what the API says (Return.viewerCan): to the approver, not to the clerk nor to another
    // reviewer over the ward (the city's), whom the API would refuse anyway. The approver reopens it in the page.
    const city = await newPage(browser, server.origin)
    await city.page.goto(`/bao-cao/${returnId}`)
    await logIn(city.page, 'duyet.hanoi')
    await city.page.getByRole('heading', { name: /^BC-QT — / }).waitFor()
    expect(await city.page.getByRole('button', { name: 'Mở lại' }).count()).toBe(0)
    await page.goto(`/bao-cao/${returnId}`)
    await page.getByRole('heading', { name: /^BC-QT — / }).waitFor()
    expect(await page.getByRole('button', { name: 'Mở lại' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Tải lên bản sửa' }).count()).toBe(0)
    await rpage.goto(`/bao-cao/${returnId}`)
    await rpage.getByText(/duyệt lúc .*phucloi\.duyet/).waitFor()
    // On a slow link the page must not say "reopened" while it still offers to reopen (it did, and CI caught it once).
    await slowNetwork(rpage, 300)
    await rpage.getByRole('button', { name: 'Mở lại' }).click()
    await rpage.getByText('Đã mở lại báo cáo.').waitFor()
    expect(await rpage.getByRole('button', { name: 'Mở lại' }).count()).toBe(0)
    expect(await seriousViolations(rpage)).toEqual([])
    await screenshot(rpage, 'mo-lai')
    const reopened = await server.db.selectFrom('returns').select('status').where('id', '=', returnId).executeTakeFirstOrThrow()
    expect(reopened.status).toBe('draft')
    for (const c of [clerk, reviewer, other, city]) await c.context.close()
  })
})
