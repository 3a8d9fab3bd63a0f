import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { createTonghopYoga } from '../../src/http/create-yoga.js'
import { listen } from '../../src/http/serve.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

forEachDialect('hardened API', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  it('refuses a 50-level-deep query before running it, and keeps serving others', async () => {
    let sel = 'code'
    for (let i = 0; i < 50; i++) sel = `parent { ${sel} }`
    const r = await app.gql(`{ unit(code: "01.PL") { ${sel} } }`, {}, { as: 'quantri' })
    expect(r.data?.unit ?? null).toBeNull()
    expect(r.errors?.[0]?.message).toMatch(/depth|độ sâu/i)
    const ok = await app.gql<{ unit: { code: string } }>('{ unit(code: "01.PL") { code } }', {}, { as: 'quantri' })
    expect(ok.data?.unit.code).toBe('01.PL')
  })

  it('refuses hundreds of aliases', async () => {
    const fields = Array.from({ length: 200 }, (_, i) => `a${i}: me { username }`).join(' ')
    const r = await app.gql(`{ ${fields} }`, {}, { as: 'quantri' })
    expect(r.data).toBeFalsy()
    expect(r.errors?.[0]?.message).toMatch(/alias/i)
  })

  it('refuses an oversized query (too many tokens)', async () => {
    const fields = Array.from({ length: 4000 }, () => '__typename').join(' ')
    const r = await app.gql(`{ unit(code: "01.PL") { ${fields} } }`, {}, { as: 'quantri' })
    expect(r.data).toBeFalsy()
    expect(r.errors?.[0]?.message).toMatch(/token/i)
  })

  it('refuses a request body over the size limit over real HTTP, and keeps serving', async () => {
    const server = await listen(app.services, 0)
    try {
      const port = (server.address() as AddressInfo).port
      const big = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ me { username } } # ${'x'.repeat(2 * 1024 * 1024)}` }) })
      expect(big.status).toBe(413)
      expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE')
      const small = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { username } }' }) })
      expect(small.status).toBe(200)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('masks unexpected errors: no stack, SQL or paths in responses', async () => {
    const r = await app.gql('{ units(first: 100000) { edges { node { code } } } }', {}, { as: 'quantri' })
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_PAGE_SIZE')
    const text = JSON.stringify(r)
    expect(text).not.toMatch(/stack|select |\/work\/|node_modules/i)
  })

  it('sends security headers and does not reflect a foreign Origin', async () => {
    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ query: '{ me { username } }' }),
    })
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('access-control-allow-origin')).not.toBe('https://evil.example')
    expect(response.headers.get('access-control-allow-credentials')).not.toBe('true')
  })

  it('refuses a multipart request without the CSRF header', async () => {
    const form = new app.yoga.fetchAPI.FormData()
    form.set('operations', JSON.stringify({ query: '{ me { username } }' }))
    form.set('map', '{}')
    const response = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form })
    expect(response.status).toBe(403)
  })

  it('turns introspection and GraphiQL off in production mode', async () => {
    const prod = createTonghopYoga({ ...app.services, config: { ...app.services.config, mode: 'production' } })
    const r = await prod.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { types { name } } }' }) })
    const body = (await r.json()) as { data?: unknown; errors?: { message: string }[] }
    expect(body.data ?? null).toBeNull()
    expect(body.errors?.[0]?.message).toMatch(/introspection/i)
    const page = await prod.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } })
    expect(await page.text()).not.toMatch(/graphiql/i)
    const dev = await app.yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } })
    expect(await dev.text()).toMatch(/graphiql/i)
  })
})
