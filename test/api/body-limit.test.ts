import { afterAll, beforeAll, expect, it } from 'vitest'
import { YOGA_BODY_LIMIT } from '../../src/http/body-limit.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// Over HTTP the server refuses large bodies itself (hardening.test.ts); these are the in-process callers of yoga.fetch,
// where yoga's own cap stands: from the declared length, or counted as a body of unknown length streams in.
forEachDialect('request body cap inside yoga', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    app.yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit, { clientAddress: '127.0.0.1' })

  it('refuses a declared length over the cap, and a malformed one, without reading the body', async () => {
    const over = await post('{"query":"{ __typename }"}', { 'content-length': String(YOGA_BODY_LIMIT + 1) })
    expect(over.status).toBe(413)
    const bad = await post('{"query":"{ __typename }"}', { 'content-length': '12, 12' })
    expect(bad.status).toBe(400)
  })

  it('counts a body of unknown length and refuses it past the cap; a small one is answered', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }"'))
        if (sent > YOGA_BODY_LIMIT) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    const r = await post(stream)
    expect(r.status).toBe(413)
    const small = new ReadableStream<Uint8Array>({ start: (c) => { c.enqueue(new TextEncoder().encode('{"query":"{ __typename }"}')); c.close() } })
    const ok = await post(small)
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } })
  })
})
