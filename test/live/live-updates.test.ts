import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { announceChange } from '../../src/domain/live/live-change.js'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const BIN = new URL('../../bin/tonghop.js', import.meta.url).pathname
const SUB = 'subscription($unit: String!, $form: String!, $period: String!) { rollupChanged(unit: $unit, form: $form, period: $period) { form period kind returnId unit { code name } } }'

interface Change {
  form: string
  period: string
  kind: string
  returnId: number | null
  unit: { code: string; name: string } | null
}

/** A subscription over server-sent events, read as a page reads it: what arrived, and a wait for the next one. */
async function subscribe(app: TestApp, as: string | null, variables: Record<string, string>) {
  const token = as ? await app.tokenFor(as) : null
  const abort = new AbortController()
  const response = await app.yoga.fetch(
    'http://localhost/graphql',
    {
      method: 'POST',
      signal: abort.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: SUB, variables }),
    },
    { clientAddress: '127.0.0.1' },
  )
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
  expect(response.headers.get('x-accel-buffering')).toBe('no')
  const events: Change[] = []
  const errors: { message: string; extensions?: { code?: string } }[] = []
  let ended = false
  let opened!: () => void
  const open = new Promise<void>((r) => (opened = r))
  const waiters = new Set<() => void>()
  // leaving the page: the stream is cancelled, as the server sees a closed connection
  const raw = response.body!.getReader()
  const reader = new ReadableStream<BufferSource>({ pull: async (c) => { const r = await raw.read(); if (r.done) c.close(); else c.enqueue(r.value) } }).pipeThrough(new TextDecoderStream()).getReader()
  void (async () => {
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        opened()
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = block.split('\n').find((l) => l.startsWith('data: '))?.slice(6)
          if (!block.startsWith('event: next') || !data) continue
          const body = JSON.parse(data) as { data?: { rollupChanged: Change }; errors?: typeof errors }
          if (body.errors) errors.push(...body.errors)
          if (body.data?.rollupChanged) events.push(body.data.rollupChanged)
          for (const w of waiters) w()
        }
      }
    } catch {
      // aborted by close()
    }
    ended = true
    opened()
    for (const w of waiters) w()
  })()
  await open
  const until = async (what: string, ok: () => boolean, ms = 2_000): Promise<void> => {
    const start = Date.now()
    while (!ok()) {
      if (Date.now() - start > ms) throw new Error(`no ${what} within ${ms} ms; got ${JSON.stringify({ events, errors, ended })}`)
      await new Promise<void>((resolve) => {
        const w = () => {
          waiters.delete(w)
          resolve()
        }
        waiters.add(w)
        setTimeout(w, 50)
      })
    }
  }
  return { events, errors, ended: () => ended, until, close: () => { void raw.cancel().catch(() => undefined); abort.abort() } }
}

async function uploadFile(app: TestApp, as: string, bytes: Buffer): Promise<number> {
  const { FormData, File } = app.yoga.fetchAPI
  const form = new FormData()
  form.append('operations', JSON.stringify({ query: 'mutation($file: File!) { uploadReturn(file: $file) { __typename ... on MutationUploadReturnSuccess { data { outcome message findings { code message } returns { returnId } } } ... on Error { message } } }', variables: { file: null } }))
  form.append('map', JSON.stringify({ 0: ['variables.file'] }))
  form.append('0', new File([new Uint8Array(bytes)], 'q1.xlsx'))
  const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${await app.tokenFor(as)}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
  const body = (await res.json()) as { data: { uploadReturn: { data?: { outcome: string; returns: { returnId: number }[] } } } }
  expect(body.data.uploadReturn.data?.outcome, JSON.stringify(body)).toBe('committed')
  return body.data.uploadReturn.data!.returns[0]!.returnId
}

const ward = (title: string, value: number, unit = title.includes('BẠCH ĐẰNG') ? '31.BD' : '01.PL') =>
  toBuffer(formLayoutWorkbook([['QT01', 'Số hội nghị', value], ['QT03', 'Đảng viên học tập', 40], ['QT04', 'Tổng số đảng viên', 50]], { meta: { form: 'BC-QT', period: '2026Q1', unit }, title: [title, 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT', 'Quý I/2026'] }))

/** `tonghop import` in a process of its own, on the same database: a commit this process did not make. */
function importInAnotherProcess(app: TestApp, file: string): Promise<string> {
  const db = app.services.database
  const env = db.postgresUrl ? { DATABASE_URL: db.postgresUrl } : { DATABASE_URL: '', TONGHOP_DB_FILE: db.sqlite!.name }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'import', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`tonghop import exited ${code}: ${out}`))))
  })
}

const Q1 = { form: 'BC-QT', period: '2026Q1' }

forEachDialect('live updates: rollupChanged over server-sent events, across processes', (dialect) => {
  let app: TestApp
  let dir: string
  beforeAll(async () => {
    app = await createTestApp(dialect)
    dir = mkdtempSync(join(tmpdir(), 'tonghop-live-'))
  })
  afterAll(async () => {
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('brings a return committed by another process to a subscriber of the city, within 2 s', { timeout: 60_000 }, async () => {
    const hanoi = await subscribe(app, 'tuyengiao.hanoi', { ...Q1, unit: '01' })
    const file = join(dir, 'phuc-loi.xlsx')
    writeFileSync(file, await ward('ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 3))
    const out = await importInAnotherProcess(app, file)
    expect(out).toContain('Đã lưu')
    // measured from the child's exit, which is after its commit
    const committed = Date.now()
    await hanoi.until('event from the other process', () => hanoi.events.length > 0)
    expect(Date.now() - committed).toBeLessThan(2_000)
    expect(hanoi.events[0]).toMatchObject({ form: 'BC-QT', period: '2026Q1', kind: 'SAVED', unit: { code: '01.PL' } })
    hanoi.close()
  })

  it('tells each city only of its own subtree: a viewer of Hải Phòng never gets Hà Nội’s events, nor the reverse', { timeout: 30_000 }, async () => {
    const hanoi = await subscribe(app, 'tuyengiao.hanoi', { ...Q1, unit: '01' })
    const haiphong = await subscribe(app, 'tuyengiao.haiphong', { ...Q1, unit: '31' })
    const ward01 = await subscribe(app, 'phucloi.nhaplieu', { ...Q1, unit: '01.PL' })
    const pl = await uploadFile(app, 'phucloi.nhaplieu', await ward('ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 4))
    const submit = await app.gql<{ submitReturn: { __typename: string } }>(`mutation { submitReturn(id: ${pl}) { __typename } }`, {}, { as: 'phucloi.nhaplieu' })
    expect(submit.data?.submitReturn.__typename).toBe('MutationSubmitReturnSuccess')
    await hanoi.until('Phúc Lợi submitted', () => hanoi.events.some((e) => e.kind === 'SUBMITTED'))
    await ward01.until('Phúc Lợi submitted (ward)', () => ward01.events.some((e) => e.kind === 'SUBMITTED'))
    expect(hanoi.events.map((e) => [e.kind, e.unit?.code, e.returnId])).toEqual([['SAVED', '01.PL', pl], ['SUBMITTED', '01.PL', pl]])

    const bd = await uploadFile(app, 'bachdang.nhaplieu', await ward('ĐẢNG ỦY PHƯỜNG BẠCH ĐẰNG', 5))
    await haiphong.until('Bạch Đằng saved', () => haiphong.events.length > 0)
    expect(haiphong.events.map((e) => [e.kind, e.unit?.code, e.returnId])).toEqual([['SAVED', '31.BD', bd]])
    // one dispatch serves every subscriber of the pair in order: Hải Phòng has Bạch Đằng's event, so Hà Nội would have it by now
    expect(hanoi.events.every((e) => e.unit?.code === '01.PL')).toBe(true)
    expect(ward01.events.every((e) => e.unit?.code === '01.PL')).toBe(true)
    // nor of Phúc Lợi: Hải Phòng saw only Bạch Đằng
    expect(haiphong.events.some((e) => e.unit?.code?.startsWith('01'))).toBe(false)
    // another period is another subscription
    const q2 = await subscribe(app, 'tuyengiao.hanoi', { form: 'BC-QT', period: '2026Q2', unit: '01' })
    const approve = await app.gql<{ approveReturn: { __typename: string } }>(`mutation { approveReturn(id: ${pl}) { __typename } }`, {}, { as: 'phucloi.duyet' })
    expect(approve.data?.approveReturn.__typename).toBe('MutationApproveReturnSuccess')
    await hanoi.until('approved', () => hanoi.events.some((e) => e.kind === 'APPROVED'))
    expect(q2.events).toEqual([])
    for (const s of [hanoi, haiphong, ward01, q2]) s.close()
  })

  it('refuses a unit outside the viewer’s scope as `rollup` does, and anonymous subscribers', async () => {
    const outside = await subscribe(app, 'tuyengiao.haiphong', { ...Q1, unit: '01' })
    await outside.until('the refusal', () => outside.errors.length > 0 && outside.ended())
    expect(outside.errors[0]?.extensions?.code).toBe('UNIT_NOT_FOUND')
    const sibling = await subscribe(app, 'bachdang.nhaplieu', { ...Q1, unit: '01.PL' })
    await sibling.until('the refusal', () => sibling.errors.length > 0 && sibling.ended())
    expect(sibling.errors[0]?.extensions?.code).toBe('UNIT_NOT_FOUND')
    const rollup = await app.gql<{ rollup: { code?: string } }>('query { rollup(unit: "01", form: "BC-QT", period: "2026Q1") { ... on Error { code } } }', {}, { as: 'tuyengiao.haiphong' })
    expect(rollup.data?.rollup.code).toBe(outside.errors[0]?.extensions?.code)
    const anonymous = await subscribe(app, null, { ...Q1, unit: '01' })
    await anonymous.until('the refusal', () => anonymous.errors.length > 0 && anonymous.ended())
    // the pages of the tests before have left (a closed stream is let go within a few ms); refused ones hold nothing
    await anonymous.until('the server to let the earlier pages go', () => app.services.live.subscribers === 0)
    expect(app.services.live.subscribers).toBe(0)
    const leaving = await subscribe(app, 'tuyengiao.hanoi', { ...Q1, unit: '01' })
    expect(app.services.live.subscribers).toBe(1)
    leaving.close()
    await leaving.until('the server to let it go', () => app.services.live.subscribers === 0)
  })

  it('announces nothing for a change that rolled back', { timeout: 30_000 }, async () => {
    const hanoi = await subscribe(app, 'tuyengiao.hanoi', { ...Q1, unit: '01' })
    const unit = await app.db.selectFrom('units').select('id').where('code', '=', '01.PL').executeTakeFirstOrThrow()
    await expect(
      app.db.transaction().execute(async (tx) => {
        await announceChange(tx, { formCode: 'BC-QT', periodId: '2026Q1', unitIds: [unit.id], returnId: 999_001, kind: 'saved' })
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    await app.db.transaction().execute((tx) => announceChange(tx, { formCode: 'BC-QT', periodId: '2026Q1', unitIds: [unit.id], returnId: 999_002, kind: 'saved' }))
    await hanoi.until('the committed change', () => hanoi.events.length > 0)
    // announcements arrive in commit order: had the rolled-back one been sent, it would have come first
    expect(hanoi.events.map((e) => e.returnId)).toEqual([999_002])
    hanoi.close()
  })

  it('keeps the channel small: SQLite writers trim announcements older than ten minutes, PostgreSQL writes no rows', async () => {
    const unit = await app.db.selectFrom('units').select('id').where('code', '=', '01.PL').executeTakeFirstOrThrow()
    await app.db.deleteFrom('live_changes').execute()
    if (dialect === 'sqlite') await app.db.insertInto('live_changes').values({ payload: '{}', created_at: new Date(Date.now() - 11 * 60_000).toISOString() }).execute()
    await app.db.transaction().execute((tx) => announceChange(tx, { formCode: 'BC-QT', periodId: '2026Q1', unitIds: [unit.id], returnId: null, kind: 'tree' }))
    const rows = await app.db.selectFrom('live_changes').select('payload').execute()
    expect(rows.map((r) => JSON.parse(r.payload).k)).toEqual(dialect === 'sqlite' ? ['tree'] : [])
  })

  // PostgreSQL only: SQLite's channel is a table, there is no connection to lose
  if (dialect === 'postgres') it('tells open pages to read again when the LISTEN connection was lost and is back', { timeout: 30_000 }, async () => {
    const hanoi = await subscribe(app, 'tuyengiao.hanoi', { ...Q1, unit: '01' })
    const admin = new pg.Client({ connectionString: app.services.database.postgresUrl! })
    await admin.connect()
    const killed = await admin.query<{ n: number }>("select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'")
    await admin.end()
    expect(killed.rows[0]?.n).toBeGreaterThan(0)
    await hanoi.until('the resync', () => hanoi.events.some((e) => e.kind === 'RESYNC'), 10_000)
    expect(hanoi.events.find((e) => e.kind === 'RESYNC')).toMatchObject({ unit: null, returnId: null })
    // and the channel listens again
    const unit = await app.db.selectFrom('units').select('id').where('code', '=', '01.PL').executeTakeFirstOrThrow()
    await app.db.transaction().execute((tx) => announceChange(tx, { formCode: 'BC-QT', periodId: '2026Q1', unitIds: [unit.id], returnId: 999_003, kind: 'saved' }))
    await hanoi.until('a change after the reconnection', () => hanoi.events.some((e) => e.returnId === 999_003))
    hanoi.close()
  })
})

forEachDialect('live updates: tree changes', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app?.close())

  it('a ward moved to another city is announced to the pages of both cities', { timeout: 30_000 }, async () => {
    const pl = await uploadFile(app, 'phucloi.nhaplieu', await ward('ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 6))
    const submitted = await app.gql<{ submitReturn: { __typename: string } }>(`mutation { submitReturn(id: ${pl}) { __typename } }`, {}, { as: 'phucloi.nhaplieu' })
    expect(submitted.data?.submitReturn.__typename).toBe('MutationSubmitReturnSuccess')
    const hanoi = await subscribe(app, 'tuyengiao.hanoi', { ...Q1, unit: '01' })
    const haiphong = await subscribe(app, 'tuyengiao.haiphong', { ...Q1, unit: '31' })
    const moved = await app.gql<{ moveUnit: { __typename: string } }>('mutation { moveUnit(code: "01.PL", newParent: "31", effectiveFrom: "2026-01-01") { __typename ... on Error { message } } }', {}, { as: 'quantri' })
    expect(moved.data?.moveUnit.__typename, JSON.stringify(moved)).toBe('MutationMoveUnitSuccess')
    // Hà Nội loses the ward's figures (its old parent's path), Hải Phòng gains them (the ward's new path)
    await hanoi.until('the move (Hà Nội)', () => hanoi.events.some((e) => e.kind === 'TREE'))
    await haiphong.until('the move (Hải Phòng)', () => haiphong.events.some((e) => e.kind === 'TREE'))
    expect(haiphong.events.filter((e) => e.kind === 'TREE').map((e) => e.unit?.code)).toContain('01.PL')
    hanoi.close()
    haiphong.close()
  })
})
