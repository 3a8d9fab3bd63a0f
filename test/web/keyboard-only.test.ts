import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { buildTemplate } from '../../src/domain/exports/export-service.js'
import { fillTemplate } from '../support/fill-template.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { launchChromium, newPage, startWebServer, type WebServer } from '../support/web-harness.js'

/** Presses Tab until the focused element's accessible name matches (as a keyboard user reaches it), then returns. */
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

forEachDialect('web application: every action of the path from the keyboard alone', (dialect) => {
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

  it('uploads, saves and submits as the clerk, then approves as the reviewer, with Tab, Enter and Space', async () => {
    const clerk = await newPage(browser, server.origin)
    const page = clerk.page
    await page.goto('/')
    await keyboardLogin(page, 'phucloi.nhaplieu')
    const row = page.locator('tr[data-row^="01.PL BC-QT "]').filter({ hasText: 'chưa nộp' }).first()
    await row.waitFor()
    const [, , period] = ((await row.getAttribute('data-row')) as string).split(' ')
    const label = (await row.locator('td').nth(2).textContent()) as string
    await tabTo(page, new RegExp(`^Tải lên BC-QT ${label} của Đảng ủy phường Phúc Lợi$`))
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Tải lên báo cáo' }).waitFor()
    const template = await buildTemplate(server.db, { formCode: 'BC-QT', unitCode: '01.PL', periodId: period as string, layout: 'form' })
    const chooser = page.waitForEvent('filechooser')
    await tabTo(page, /^Chọn tệp…$/)
    await page.keyboard.press('Enter')
    await (await chooser).setFiles({ name: 'ban-phim.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: (await fillTemplate(template.bytes, 7)).bytes })
    await page.getByText('Đọc thử xong').waitFor()
    await tabTo(page, /^Lưu$/)
    await page.keyboard.press('Enter')
    await page.getByText(/Đã lưu số liệu/).waitFor()
    await tabTo(page, /^Nộp báo cáo$/)
    await page.keyboard.press('Enter')
    await page.getByText(/Đã nộp báo cáo/).waitFor()

    const reviewer = await newPage(browser, server.origin)
    const rpage = reviewer.page
    await rpage.goto('/')
    await keyboardLogin(rpage, 'phucloi.duyet')
    await rpage.getByRole('link', { name: 'Duyệt báo cáo' }).waitFor()
    await tabTo(rpage, /^Duyệt báo cáo$/)
    await rpage.keyboard.press('Enter')
    await rpage.getByRole('heading', { name: 'Duyệt báo cáo' }).waitFor()
    await rpage.locator('tbody tr').first().waitFor()
    await tabTo(rpage, /^Chọn Đảng ủy phường Phúc Lợi BC-QT/)
    await rpage.keyboard.press('Space')
    await tabTo(rpage, /^Duyệt 1 báo cáo đã chọn$/)
    await rpage.keyboard.press('Enter')
    await rpage.getByText('Đã duyệt 1 báo cáo.').waitFor()
    const status = await server.db.selectFrom('returns').select('status').where('period_id', '=', period as string).where('form_code', '=', 'BC-QT').executeTakeFirstOrThrow()
    expect(status.status).toBe('approved')
    await clerk.context.close()
    await reviewer.context.close()
  })
})
