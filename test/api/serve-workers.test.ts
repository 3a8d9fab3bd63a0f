import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'

const BIN = new URL('../../bin/tonghop.js', import.meta.url).pathname

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

function workerPids(primary: number): number[] {
  try {
    // tsx's esbuild service is a child too: only the processes running tonghop are workers
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(primary)], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('tonghop.js')).map((l) => Number(l.trim().split(' ')[0]))
  } catch {
    return []
  }
}

async function until<T>(what: string, fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v)) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

// `tonghop serve` with two worker processes on one port, as `npm start` runs on a multi-core machine.
describe('tonghop serve with worker processes', () => {
  let dir: string
  let server: ChildProcess
  let base: string
  let output = ''

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tonghop-serve-'))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, DATABASE_URL: '', TONGHOP_DB_FILE: join(dir, 'db.sqlite'), PORT: String(port), HOST: '127.0.0.1', TONGHOP_WORKERS: '2', TONGHOP_LOGIN_BASE_DELAY_MS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stdout!.on('data', (c: Buffer) => (output += c.toString()))
    server.stderr!.on('data', (c: Buffer) => (output += c.toString()))
    await until('the server to listen', () => output, (o) => o.includes('/graphql'), 90_000)
  }, 120_000)

  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  const gql = async (query: string, token?: string) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: AbortSignal.timeout(20_000),
      body: JSON.stringify({ query }),
    })
    return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] }
  }

  it('says how many processes serve, and a download link made on one works on every worker', { timeout: 60_000 }, async () => {
    expect(output).toMatch(/2 tiến trình phục vụ/)
    expect(workerPids(server.pid!)).toHaveLength(2)
    const login = await gql(`mutation { login(username: "phucloi.nhaplieu", password: "${DEMO_PASSWORD}") { ... on MutationLoginSuccess { data { token } } } }`)
    const token = login.data!.login.data.token as string
    const link = await gql('mutation { requestTemplate(form: "BC-QT", unit: "01.PL", period: "2026Q1") { ... on MutationRequestTemplateSuccess { data { url } } } }', token)
    const url = new URL(link.data!.requestTemplate.data.url as string)
    // the workers accept connections themselves, so each is reached by stopping the other for a moment (a stopped
    // worker does not accept): the link works on both, and each worker's /health names itself and the database
    const seen: Record<string, any>[] = []
    for (const [serving, paused] of [workerPids(server.pid!), [...workerPids(server.pid!)].reverse()] as [number, number][]) {
      process.kill(paused, 'SIGSTOP')
      try {
        const res = await fetch(`${base}${url.pathname}${url.search}`, { headers: { authorization: `Bearer ${token}`, connection: 'close' }, signal: AbortSignal.timeout(10_000) })
        expect(res.status).toBe(200)
        const health = (await (await fetch(`${base}/health`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(10_000) })).json()) as Record<string, any>
        expect(health).toMatchObject({ status: 'ok', database: { dialect: 'sqlite', state: 'ok' }, workers: { mode: 'cluster', expected: 2, listening: 2, pid: serving } })
        seen.push(health)
      } finally {
        process.kill(paused, 'SIGCONT')
      }
    }
    expect(new Set(seen.map((h) => h.workers.pid)).size).toBe(2)
  })

  it('replaces a worker that dies', { timeout: 90_000 }, async () => {
    const [victim] = workerPids(server.pid!)
    process.kill(victim!, 'SIGKILL')
    const pids = await until('a replacement worker', () => workerPids(server.pid!), (p) => p.length === 2 && !p.includes(victim!), 60_000)
    expect(pids).not.toContain(victim)
    await until('the replacement to listen', () => output, (o) => /tiến trình thay thế \d+ đã sẵn sàng/.test(o), 60_000)
    // a connection the dead worker had accepted is lost (the client sees it reset); after it, every one is answered
    const answers = await Promise.all(Array.from({ length: 6 }, () => gql('{ __typename }')))
    expect(answers.map((a) => a.data?.__typename)).toEqual(Array(6).fill('Query'))
    const health = (await (await fetch(`${base}/health`, { headers: { connection: 'close' } })).json()) as Record<string, any>
    expect(health.workers).toMatchObject({ expected: 2, listening: 2 })
  })

  // A worker that hangs (stopped here with SIGSTOP: a stuck event loop, a swapped-out process) and is then killed must
  // not take connections with it. Under node:cluster's round-robin the primary accepts every connection and holds it
  // until the worker it picked acknowledges; a stopped worker never does, and once it is killed nobody answers or closes
  // those connections (nodejs/node-v0.x-archive#7006): a clerk's upload would spin until the browser gives up.
  it('answers every request while one worker hangs and after it is killed', { timeout: 90_000 }, async () => {
    const [stuck, other] = workerPids(server.pid!)
    process.kill(stuck!, 'SIGSTOP')
    try {
      const answers = Promise.all(Array.from({ length: 8 }, async () => {
        try {
          const res = await fetch(`${base}/health`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(8_000) })
          return ((await res.json()) as { workers: { pid: number } }).workers.pid
        } catch (e) {
          return `no answer: ${(e as Error).message}`
        }
      }))
      await new Promise((r) => setTimeout(r, 1_500))
      process.kill(stuck!, 'SIGKILL')
      expect(await answers).toEqual(Array(8).fill(other))
    } finally {
      try { process.kill(stuck!, 'SIGKILL') } catch { /* already gone */ }
    }
    await until('the replacement to listen', () => output, (o) => (o.match(/tiến trình thay thế \d+ đã sẵn sàng/g) ?? []).length >= 2, 60_000)
  })

  // the server's first wait is 60 s (TONGHOP_LOGIN_BASE_DELAY_MS above), so the count is exact however long the burst takes
  it('checks only 5 of 30 wrong passwords sent at once over real connections, whichever worker takes each', { timeout: 60_000 }, async () => {
    const burst = await Promise.all(Array.from({ length: 30 }, (_v, i) => gql(`mutation { login(username: "tuyengiao.haiphong", password: "doan-mo-${i}") { ... on Error { code } } }`)))
    const codes = burst.map((r) => r.data?.login.code as string)
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5)
    expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(25)
  })

  it('stops every worker on SIGTERM and exits 0', { timeout: 60_000 }, async () => {
    const pids = workerPids(server.pid!)
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    server.kill('SIGTERM')
    expect(await exited).toBe(0)
    const alive = pids.filter((pid) => { try { process.kill(pid, 0); return true } catch { return false } })
    expect(alive).toEqual([])
  })
})
