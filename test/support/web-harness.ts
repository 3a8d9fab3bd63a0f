import { mkdirSync } from 'node:fs'
import { buildAppServices } from '../../src/bootstrap.js'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import type { AppServices } from '../../src/app-services.js'
import { loadConfig, type AppConfig } from '../../src/config/config.js'
import type { DialectName } from '../../src/db/create-database.js'
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/domain/seeding/demo-accounts.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { listen } from '../../src/http/serve.js'
import { createTestDatabase } from './test-database.js'

export const CHROMIUM = process.env.TONGHOP_CHROMIUM ?? '/usr/bin/chromium'
/** Debian's Chromium as root, with nothing reaching out to the network on its own. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url))

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
}

/** The real server (HTTP on a free loopback port) on a fresh, seeded database with the demo accounts. */
export async function startWebServer(dialect: DialectName, overrides: Partial<AppConfig> = {}) {
  const database = await createTestDatabase(dialect)
  await seedDatabase(database.db, loadSeedBundle())
  await seedDemoAccounts(database.db)
  const config: AppConfig = { ...loadConfig({ TONGHOP_DB_FILE: ':memory:' }), host: '127.0.0.1', secret: 'web-test-secret-web-test-secret-0000', ...overrides }
  const services: AppServices = buildAppServices(config, database)
  const server = await listen(services, 0)
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = async () => {
    await services.live.close()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await database.dispose()
  }
  return { services, db: database.db, origin, close }
}

export type WebServer = Awaited<ReturnType<typeof startWebServer>>

export async function newPage(browser: Browser, origin: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: origin, locale: 'vi-VN', acceptDownloads: true, viewport: { width: 1280, height: 860 } })
  const page = await context.newPage()
  return { context, page }
}

/** A ward's slow link: every request from this page waits `latencyMs` more (Chromium's own network emulation). */
export async function slowNetwork(page: Page, latencyMs: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: latencyMs, downloadThroughput: -1, uploadThroughput: -1 })
}

/**
 * When a request whose body names `operation` (a GraphQL operation name) left this page: the browser's own wall-clock
 * start of the request, in ms, read once its response has arrived. Start waiting before the action that sends it.
 */
export async function requestSentAt(page: Page, operation: string): Promise<number> {
  const request = await page.waitForRequest((r) => r.method() === 'POST' && (r.postData() ?? '').includes(operation), { timeout: 30_000 })
  await request.response()
  return request.timing().startTime
}

let watchers = 0
/**
 * Watches the page from now on, inside it, for the moment every [selector, text] holds (some element matching the
 * selector contains the text), and returns a function giving that moment (the page's wall clock, in ms), waiting for
 * it if need be. Timed where it happens, so neither the test's own round trips nor a loaded machine's scheduling of
 * them count in a "shown within" figure.
 */
export async function watchFor(page: Page, conditions: [selector: string, text: string][]): Promise<(timeoutMs?: number) => Promise<number>> {
  const key = `__tonghopSeen${++watchers}`
  await page.evaluate(
    ({ key, conditions }) => {
      const w = window as unknown as Record<string, number | null>
      w[key] = null
      const holds = () => conditions.every(([selector, text]) => [...document.querySelectorAll(selector)].some((e) => (e.textContent ?? '').includes(text)))
      const observer = new MutationObserver(() => {
        if (w[key] === null && holds()) {
          w[key] = Date.now()
          observer.disconnect()
        }
      })
      observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    },
    { key, conditions },
  )
  return async (timeoutMs = 30_000) => {
    await page.waitForFunction((k) => (window as unknown as Record<string, number | null>)[k] != null, key, { timeout: timeoutMs })
    return page.evaluate((k) => (window as unknown as Record<string, number>)[k] as number, key)
  }
}

/**
 * Waits until this page has read `operation` again (its response fully received) and drawn what it read: for a check
 * that something did NOT change, which a fixed sleep cannot make (too short on a loaded machine, and it never fails).
 */
export async function readAgain(page: Page, operation: string): Promise<void> {
  const response = await page.waitForResponse((r) => (r.request().postData() ?? '').includes(`query ${operation}`), { timeout: 30_000 })
  await response.finished()
  // the page parses the answer and React draws it within a task or two; two frames cover both
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))))
}

/**
 * Holds this page's first answer to `operation` in the browser (the server has already answered it) until `release`:
 * a page that draws a late answer over a newer one shows the race. `arrived` resolves once the answer is held;
 * `release` hands it to the page and resolves once it is received and drawn.
 */
export async function holdFirstAnswer(page: Page, operation: string): Promise<{ arrived: Promise<void>; release: () => Promise<void> }> {
  const asks = (r: { postData(): string | null }) => (r.postData() ?? '').includes(`query ${operation}`)
  let letGo: () => void = () => undefined
  const released = new Promise<void>((r) => (letGo = r))
  let arrivedNow: () => void = () => undefined
  const arrived = new Promise<void>((r) => (arrivedNow = r))
  let held = false
  await page.route('**/graphql', async (route) => {
    if (held || !asks(route.request())) return route.fallback()
    held = true
    const response = await route.fetch()
    arrivedNow()
    await released
    await route.fulfill({ response })
  })
  const release = async () => {
    const late = page.waitForResponse((r) => asks(r.request()))
    letGo()
    await (await late).finished()
    // the page parses the answer and React draws it within a task or two; two frames cover both
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))))
  }
  return { arrived, release }
}

export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

let shot = 0
/** Every step leaves a numbered screenshot in test-output/screenshots/ (not committed; the README's are in docs/). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = join(SCREENSHOT_DIR, `${String(++shot).padStart(2, '0')}-${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** axe-core in the page: the serious and critical violations, as "rule: target" lines (empty when none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${v.help}`))
}
