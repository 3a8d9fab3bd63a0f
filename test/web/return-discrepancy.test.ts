import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { importReturnFile } from '../../src/domain/returns/import-return.js'
import { transitionReturn } from '../../src/domain/returns/return-workflow.js'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { launchChromium, logIn, newPage, screenshot, seriousViolations, startWebServer, type WebServer } from '../support/web-harness.js'

// Issue #13: the return page shows a consolidated return beside its own + children figures and the discrepancy
// (domain.md §5.5), as the rollup computes it once the return is submitted, and against own + children while it is a
// draft, so the clerk sees it before submitting.
forEachDialect('web application: a consolidated return’s discrepancy', (dialect) => {
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

  async function file(unit: string, scope: 'own' | 'consolidated', population: number, submit = true): Promise<number> {
    const bytes = await toBuffer(formLayoutWorkbook([['YT01', 'Dân số trung bình', population], ['YT02', 'Số người tham gia bảo hiểm y tế', Math.round(population * 0.9)]], { meta: { form: 'BC-YT72', period: '2026S1', unit, scope, layout: 'form' }, title: ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU Y TẾ', '6 tháng đầu năm 2026'] }))
    const r = await importReturnFile(server.services.database, { bytes, fileName: `${unit}-${scope}.xlsx`, unitCode: unit, formCode: 'BC-YT72', periodId: '2026S1', scope, dryRun: false, actor: { accountId: null, username: 'cli' } })
    expect(r.outcome, JSON.stringify(r.findings)).toBe('committed')
    const id = r.returns[0]?.returnId as number
    if (submit) await transitionReturn(server.services.database, id, 'submit', { accountId: null, username: 'cli' })
    return id
  }

  it('shows own + children and the difference beside the consolidated figures, to the clerk before submitting and to the reviewer after', async () => {
    await file('01.PL', 'own', 100)
    await file('01.PL.TYT', 'own', 5000)
    // the ward's consolidated return, saved and not yet submitted: the rollup does not count it yet
    const consolidated = await file('01.PL', 'consolidated', 10_000, false)
    const clerk = await newPage(browser, server.origin)
    await clerk.page.goto(`/bao-cao/${consolidated}`)
    await logIn(clerk.page, 'phucloi.nhaplieu')
    await clerk.page.getByRole('button', { name: 'Nộp báo cáo' }).waitFor()
    const draftRow = clerk.page.locator('tbody tr', { hasText: 'YT01' })
    // read once the page has drawn the return: the discrepancy is drawn with it, not after
    expect(await clerk.page.getByRole('columnheader', { name: 'Chênh lệch' }).count()).toBe(1)
    const draftCells = await draftRow.locator('td').allTextContents()
    expect(draftCells).toContain('10.000')
    expect(draftCells).toContain('5.100')
    expect(draftCells).toContain('+4.900')
    expect(await clerk.page.getByText('hãy kiểm tra trước khi nộp').count()).toBe(1)
    expect(await seriousViolations(clerk.page)).toEqual([])
    await screenshot(clerk.page, 'chenh-lech-ban-nhap')
    await clerk.page.getByRole('button', { name: 'Nộp báo cáo' }).click()
    await clerk.page.getByText('Đã nộp báo cáo.').waitFor()
    expect(await clerk.page.getByText('hãy kiểm tra trước khi nộp').count()).toBe(0)
    await clerk.context.close()

    const { page, context } = await newPage(browser, server.origin)
    await page.goto(`/bao-cao/${consolidated}`)
    await logIn(page, 'phucloi.duyet')
    await page.getByRole('columnheader', { name: 'Chênh lệch' }).waitFor()
    const row = page.locator('tbody tr', { hasText: 'YT01' })
    const cells = await row.locator('td').allTextContents()
    expect(cells).toContain('10.000')
    expect(cells).toContain('5.100')
    expect(cells).toContain('+4.900')
    expect(await page.getByText('Báo cáo tổng hợp khác số liệu riêng').count()).toBe(1)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'chenh-lech')
    await context.close()
  })
})
