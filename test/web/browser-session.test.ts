import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { launchChromium, logIn, newPage, screenshot, seriousViolations, startWebServer, type WebServer } from '../support/web-harness.js'

const ME = JSON.stringify({ query: '{ me { username } }' })

forEachDialect('web application: pages, cookie sessions and CSRF', (dialect) => {
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

  it('serves the page at / with a strict policy and no inline script; GraphQL stays at /graphql', async () => {
    const r = await fetch(`${server.origin}/`, { headers: { 'accept-encoding': 'gzip' } })
    expect(r.status).toBe(200)
    const csp = r.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    const html = await r.text()
    expect(html).toContain('lang="vi"')
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    const deep = await fetch(`${server.origin}/doi-mat-khau`)
    expect(deep.headers.get('content-type')).toContain('text/html')
    const api = await fetch(`${server.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ME })
    expect(await api.json()).toEqual({ data: { me: null } })
  })

  it('sends a visitor to the login page and back where they were; the session is an HttpOnly, SameSite=Strict cookie', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/doi-mat-khau')
    await page.waitForURL(/\/dang-nhap\?tiep=%2Fdoi-mat-khau$/)
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'dang-nhap')
    await logIn(page, 'phucloi.nhaplieu', 'sai-mat-khau-123')
    // waits for the refusal itself, not for whatever the alert says first
    await page.getByRole('alert').filter({ hasText: /mật khẩu/i }).waitFor()
    await logIn(page, 'phucloi.nhaplieu')
    await page.waitForURL(/\/doi-mat-khau$/)
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'doi-mat-khau')
    const session = (await context.cookies()).find((c) => c.name === 'tonghop_session')
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    expect(await page.evaluate(() => document.cookie)).not.toContain('tonghop_session')
    await context.close()
  })

  it('logs in, changes the password and logs out with the keyboard alone', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/')
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor()
    await page.keyboard.press('Tab')
    await page.keyboard.type('phucloi.vanthu')
    await page.keyboard.press('Tab')
    await page.keyboard.type(DEMO_PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Việc cần làm' }).waitFor()
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor()
    for (const value of [DEMO_PASSWORD, 'mat-khau-moi-2026', 'mat-khau-moi-2026']) {
      await page.keyboard.press('Tab')
      await page.keyboard.type(value)
    }
    await page.keyboard.press('Enter')
    await page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu' }).waitFor()
    await page.getByRole('button', { name: 'Đăng xuất' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor()
    await logIn(page, 'phucloi.vanthu', 'mat-khau-moi-2026')
    await page.getByRole('heading', { name: 'Việc cần làm' }).waitFor()
    await context.close()
  })

  it('refuses a cookie request without the CSRF header or from another origin, and changes nothing', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/')
    await logIn(page, 'phucloi.duyet')
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor()
    const cookies = await context.cookies()
    const jar = cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const csrf = cookies.find((c) => c.name === 'tonghop_csrf')?.value ?? ''
    const logout = JSON.stringify({ query: 'mutation { logout }' })
    const post = (headers: Record<string, string>, body = logout) => fetch(`${server.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: jar, ...headers }, body })
    const noHeader = await post({})
    expect(noHeader.status).toBe(403)
    expect(((await noHeader.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('CSRF_REJECTED')
    expect((await post({ 'x-tonghop-csrf': 'khong-dung' })).status).toBe(403)
    expect((await post({ 'x-tonghop-csrf': csrf, origin: 'https://evil.example' })).status).toBe(403)
    // Nothing changes through GET either: a mutation over GET is refused (CSRF prevention, then yoga itself).
    const viaGet = await fetch(`${server.origin}/graphql?query=${encodeURIComponent('mutation { logout }')}`, { headers: { cookie: jar, accept: 'application/json' } })
    expect([403, 405]).toContain(viaGet.status)
    // Still logged in after all of that.
    const me = await post({ 'x-tonghop-csrf': csrf, origin: server.origin }, ME)
    expect(await me.json()).toEqual({ data: { me: { username: 'phucloi.duyet' } } })
    // A bearer token keeps working beside the cookies, with no CSRF header (the CLI and integrations).
    const login = await fetch(`${server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on MutationLoginSuccess { data { token } } } }', variables: { u: 'phucloi.duyet', p: DEMO_PASSWORD } }),
    })
    const token = ((await login.json()) as { data: { login: { data: { token: string } } } }).data.login.data.token
    const bearer = await fetch(`${server.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: ME })
    expect(await bearer.json()).toEqual({ data: { me: { username: 'phucloi.duyet' } } })
    await context.close()
  })

  it('returns to the login page when the session has expired, then to the page the user was on', async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto('/')
    await logIn(page, 'bachdang.nhaplieu')
    await page.getByRole('heading', { name: 'Việc cần làm' }).waitFor()
    await page.goto('/doi-mat-khau')
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor()
    await server.db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute()
    await page.getByLabel('Mật khẩu hiện tại').fill(DEMO_PASSWORD)
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mot-mat-khau-khac')
    await page.getByLabel('Nhập lại mật khẩu mới').fill('mot-mat-khau-khac')
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click()
    await page.waitForURL(/\/dang-nhap\?tiep=%2Fdoi-mat-khau$/)
    // the address changes before the login page is drawn: wait for the notice rather than count it once
    await page.getByText('Phiên làm việc đã hết hạn').waitFor()
    expect(await page.getByText('Phiên làm việc đã hết hạn').count()).toBe(1)
    await logIn(page, 'bachdang.nhaplieu')
    await page.waitForURL(/\/doi-mat-khau$/)
    await context.close()
  })
})
