import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTonghopYoga } from '../../src/http/create-yoga.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

/** Wrong names a prober would try: each makes graphql-js suggest the right one in development. */
const PROBES: { query: string; variables?: Record<string, unknown>; wrong: string; right: string }[] = [
  { query: '{ periods(type: quartr, year: 2026) { edges { node { id } } } }', wrong: 'quartr', right: '"quarter"' },
  { query: 'query($t: PeriodType!) { periods(type: $t, year: 2026) { edges { node { id } } } }', variables: { t: 'quartr' }, wrong: 'quartr', right: '"quarter"' },
  { query: '{ mee { username } }', wrong: 'mee', right: '"me"' },
  { query: '{ unit(code: "01.PL", cod: "x") { code } }', wrong: 'cod', right: '"code"' },
  { query: 'query($t: PeriodTyp!) { periods(type: $t, year: 2026) { edges { node { id } } } }', variables: { t: 'quarter' }, wrong: 'PeriodTyp', right: '"PeriodType"' },
]

forEachDialect('field, argument, type and enum suggestions', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  async function messages(yoga: TestApp['yoga'], probe: (typeof PROBES)[number], token?: string): Promise<string[]> {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: probe.query, variables: probe.variables }),
    })
    const body = (await response.json()) as { errors?: { message: string }[] }
    return (body.errors ?? []).map((e) => e.message)
  }

  it('are given in development (so the probes do probe)', async () => {
    const found = await Promise.all(PROBES.map((p) => messages(app.yoga, p)))
    found.forEach((m, i) => expect(m.join(' ')).toContain(`Did you mean ${PROBES[i]?.wrong === 'quartr' ? 'the enum value ' : ''}${PROBES[i]?.right}`))
  })

  it('are hidden in production mode, anonymously and logged in, while the error still says what is wrong', async () => {
    const prod = createTonghopYoga({ ...app.services, config: { ...app.services.config, mode: 'production' } })
    const token = await app.tokenFor('quantri')
    for (const probe of PROBES) {
      for (const t of [undefined, token]) {
        const m = await messages(prod, probe, t)
        expect(m.length).toBeGreaterThan(0)
        const text = m.join(' ')
        expect(text).not.toMatch(/Did you mean/)
        expect(text).not.toContain(probe.right)
        expect(text).toContain(probe.wrong)
      }
    }
  })
})
