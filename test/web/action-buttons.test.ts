import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { createAccount } from '../../src/domain/accounts/account-service.js'
import { buildTemplate } from '../../src/domain/exports/export-service.js'
import { importReturnFile } from '../../src/domain/returns/import-return.js'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { fileReturn, fillFormTemplate } from '../support/file-returns.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { holdFirstAnswer, launchChromium, logIn, newPage, screenshot, seriousViolations, slowNetwork, startWebServer, type WebServer } from '../support/web-harness.js'
import { pageGql } from './dashboard-support.js'

// The to-do list and the reviewer's list offer, for each return, the actions the API says this user may take now
// (Return.viewerCan, from the workflow's own rules), not what the user's roles or the return's status suggest.
forEachDialect('web application: the lists offer what the API allows (Return.viewerCan)', (dialect) => {
  let server: WebServer
  let browser: Browser
  beforeAll(async () => {
    server = await startWebServer(dialect)
    browser = await launchChromium()
    // Submitted: the ward's own BC-QT, and its health station's BC-YT72.
    await fileReturn(server, '01.PL', 'BC-QT', '2026Q1', { QT01: 2, QT03: 40, QT04: 50 })
    await fileReturn(server, '01.PL.TYT', 'BC-YT72', '2026S1', { YT01: 8000, YT02: 7900 })
    // A reviewer of the health station who is also a viewer of the whole ward: they see both, and may approve one.
    const tyt = await findUnitByCode(server.db, '01.PL.TYT')
    const ward = await findUnitByCode(server.db, '01.PL')
    const grants = [{ role: 'reviewer' as const, unitId: tyt?.id as number }, { role: 'viewer' as const, unitId: ward?.id as number }]
    await createAccount(server.db, { username: 'tyt.duyet', displayName: 'Trưởng trạm y tế phường Phúc Lợi', password: DEMO_PASSWORD, grants, grantedBy: null })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('the reviewer’s list offers to approve only what the API would approve, and says "approved" once the list shows it', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/duyet')
    await logIn(page, 'tyt.duyet')
    const wardRow = page.locator('tbody tr', { hasText: 'BC-QT' })
    const stationRow = page.locator('tbody tr', { hasText: 'BC-YT72' })
    await wardRow.waitFor()
    await stationRow.waitFor()
    const api = await pageGql(page, '{ returns(status: ["submitted"], first: 100) { edges { node { formCode viewerCan { approve } } } } }')
    const can = new Map((api.returns.edges as { node: { formCode: string; viewerCan: { approve: boolean } } }[]).map((e) => [e.node.formCode, e.node.viewerCan.approve]))
    expect(Object.fromEntries(can)).toEqual({ 'BC-QT': false, 'BC-YT72': true })
    // the rows are drawn in one go, each with its checkbox or without
    expect(await wardRow.getByRole('checkbox').count()).toBe(0)
    expect(await wardRow.getByRole('link', { name: /^Xem Đảng ủy phường Phúc Lợi BC-QT/ }).count()).toBe(1)
    expect(await stationRow.getByRole('checkbox').count()).toBe(1)
    await page.getByRole('checkbox', { name: 'Chọn tất cả báo cáo bạn duyệt được' }).check()
    expect(await page.getByRole('button', { name: 'Duyệt 1 báo cáo đã chọn' }).count()).toBe(1)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'duyet-theo-quyen')
    // On a slow link the list must not say "approved" while it still offers the return (the same race as 031c82a).
    await slowNetwork(page, 300)
    await page.getByRole('button', { name: 'Duyệt 1 báo cáo đã chọn' }).click()
    await page.getByText('Đã duyệt 1 báo cáo.').waitFor()
    expect(await stationRow.count()).toBe(0)
    expect(await wardRow.count()).toBe(1)
    await context.close()
  })

  it('the reviewer’s list draws the rows of the last filter asked for, whichever answer arrives first', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/duyet')
    await logIn(page, 'tyt.duyet')
    await page.getByRole('heading', { name: 'Duyệt báo cáo' }).waitFor()
    await page.locator('#loc-bieu option[value="BC-YT72"]').waitFor({ state: 'attached' })
    // the first filter's answer is held in the browser until the second's has been drawn
    const held = await holdFirstAnswer(page, 'ReviewList')
    await page.getByLabel('Biểu mẫu').selectOption('BC-YT72')
    await page.getByRole('button', { name: 'Lọc' }).click()
    await held.arrived
    await page.getByLabel('Biểu mẫu').selectOption('BC-QT')
    await page.getByRole('button', { name: 'Lọc' }).click()
    const wardRow = page.locator('tbody tr', { hasText: 'BC-QT' })
    await wardRow.waitFor()
    await held.release()
    expect(await wardRow.count()).toBe(1)
    expect(await page.locator('tbody tr', { hasText: 'BC-YT72' }).count()).toBe(0)
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await context.close()
  })

  it('the to-do list offers upload and submit for each return exactly as the API allows them', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/')
    await logIn(page, 'phucloi.nhaplieu')
    const unfiled = page.locator('tr[data-row^="01.PL BC-QT "]').filter({ hasText: 'chưa nộp' })
    await unfiled.first().waitFor()
    const rows = await unfiled.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row') as string))
    expect(rows.length).toBeGreaterThanOrEqual(2)
    // The list is by deadline, the most urgent first: the last is still due, and stays listed once submitted.
    const periods = rows.map((r) => r.split(' ')[2] as string)
    const [draftPeriod, submittedPeriod] = [periods[0], periods[periods.length - 1]]
    // one submitted (the API still allows a correction to be uploaded, not a second submit), one saved as a draft
    await fileReturn(server, '01.PL', 'BC-QT', submittedPeriod as string, { QT01: 1, QT03: 30, QT04: 40 })
    const t = await buildTemplate(server.db, { formCode: 'BC-QT', unitCode: '01.PL', periodId: draftPeriod as string, layout: 'form' })
    const draft = await importReturnFile(server.services, { bytes: await fillFormTemplate(t.bytes, { QT01: 3 }), fileName: t.fileName, dryRun: false, actor: { accountId: null, username: 'test' } })
    expect(draft.outcome).toBe('committed')
    await page.reload()
    await page.locator(`tr[data-row="01.PL BC-QT ${draftPeriod}"]`, { hasText: 'bản nháp' }).waitFor()
    const api = await pageGql(page, '{ workList { unitCode formCode periodId return { status viewerCan { upload submit } } } }')
    const items = api.workList as { unitCode: string; formCode: string; periodId: string; return: { status: string; viewerCan: { upload: boolean; submit: boolean } } | null }[]
    const statuses = new Set(items.flatMap((i) => (i.return ? [i.return.status] : [])))
    expect([...statuses].sort()).toEqual(['draft', 'submitted'])
    for (const item of items) {
      const row = page.locator(`tr[data-row="${item.unitCode} ${item.formCode} ${item.periodId}"]`)
      const what = `${item.unitCode} ${item.formCode} ${item.periodId} ${item.return?.status ?? 'missing'}`
      expect(await row.getByRole('link', { name: /^Tải lên / }).count(), `${what}: Tải lên`).toBe(!item.return || item.return.viewerCan.upload ? 1 : 0)
      expect(await row.getByRole('button', { name: /^Nộp báo cáo / }).count(), `${what}: Nộp báo cáo`).toBe(item.return?.viewerCan.submit ? 1 : 0)
    }
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'viec-can-lam-theo-quyen')
    await context.close()
  })

  it('the to-do list draws the answer to its latest read: an earlier submit’s late re-read does not undo a later one', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/')
    await logIn(page, 'phucloi.nhaplieu')
    await page.locator('table.work-list tbody tr').first().waitFor()
    // two returns the clerk may submit now: drafts saved through the importer where the list has none yet
    type Row = { unitCode: string; formCode: string; periodId: string; return: { status: string; viewerCan: { submit: boolean } } | null }
    const list = (await pageGql(page, '{ workList { unitCode formCode periodId return { status viewerCan { submit } } } }')).workList as Row[]
    const DRAFT: Record<string, Record<string, number>> = { 'BC-QT': { QT01: 3 }, 'BC-YT72': { YT01: 100, YT02: 90 } }
    const picked = list.filter((i) => (i.return ? i.return.viewerCan.submit : i.formCode in DRAFT)).slice(0, 2)
    expect(picked.length).toBe(2)
    for (const item of picked.filter((i) => !i.return)) {
      const t = await buildTemplate(server.db, { formCode: item.formCode, unitCode: item.unitCode, periodId: item.periodId, layout: 'form' })
      const draft = await importReturnFile(server.services, { bytes: await fillFormTemplate(t.bytes, DRAFT[item.formCode] as Record<string, number>), fileName: t.fileName, dryRun: false, actor: { accountId: null, username: 'test' } })
      expect(draft.outcome, JSON.stringify(draft.findings)).toBe('committed')
    }
    await page.reload()
    const [first, second] = picked.map((i) => page.locator(`tr[data-row="${i.unitCode} ${i.formCode} ${i.periodId}"]`)) as [Locator, Locator]
    await first.getByRole('button', { name: /^Nộp báo cáo / }).waitFor()
    await second.getByRole('button', { name: /^Nộp báo cáo / }).waitFor()
    // the first submit's re-read of the list is held in the browser until the second submit's has been drawn
    const held = await holdFirstAnswer(page, 'WorkList')
    await first.getByRole('button', { name: /^Nộp báo cáo / }).click()
    await held.arrived
    await second.getByRole('button', { name: /^Nộp báo cáo / }).click()
    // a submitted row stays listed while still due, and leaves the list once past its deadline: either way, no button
    await second.getByRole('button', { name: /^Nộp báo cáo / }).waitFor({ state: 'detached' })
    await first.getByRole('button', { name: /^Nộp báo cáo / }).waitFor({ state: 'detached' })
    await held.release()
    // the held answer was read before the second submit: drawn, it would offer that return for submission again
    expect(await second.getByRole('button', { name: /^Nộp báo cáo / }).count()).toBe(0)
    expect(await first.getByRole('button', { name: /^Nộp báo cáo / }).count()).toBe(0)
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await context.close()
  })
})
