import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { expect, it } from 'vitest'
import { verifyDatabase } from '../../src/domain/operations/verify-service.js'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { seededRandom } from '../../seeds/seeded-random.js'
import { crashSeed } from './crash-rng.js'
import { BIN, committedReturns, scratchDatabase, writeBatch } from './ops-fixtures.js'

const SEED = crashSeed()
const FILES = 24
const KILLS = 2

const UPLOAD = `mutation($file: File!) { uploadReturn(file: $file) { __typename ... on MutationUploadReturnSuccess { data { outcome } } ... on Error { code message } } }`

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
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(primary)], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('tonghop.js')).map((l) => Number(l.trim().split(' ')[0]))
  } catch {
    return []
  }
}

async function until(what: string, ok: () => boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

forEachDialect('a server worker killed during uploads', (dialect) => {
  it(`${KILLS} workers SIGKILLed at random moments (seed ${SEED}; replay with TONGHOP_CRASH_SEED=${SEED}): verify passes, every return whole, uploading again lands exactly the missing files`, { timeout: 300_000 }, async () => {
    const random = seededRandom(SEED + (dialect === 'postgres' ? 7 : 3))
    const s = await scratchDatabase(dialect)
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    let server: ChildProcess | null = null
    let output = ''
    try {
      server = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, DATABASE_URL: '', ...s.env, PORT: String(port), HOST: '127.0.0.1', TONGHOP_WORKERS: '2' }, stdio: ['ignore', 'pipe', 'pipe'] })
      server.stdout!.on('data', (c: Buffer) => (output += c.toString()))
      server.stderr!.on('data', (c: Buffer) => (output += c.toString()))
      await until('the server to listen', () => output.includes('/graphql'))
      const primary = server.pid as number
      await until('two workers', () => workerPids(primary).length === 2)
      const login = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `mutation { login(username: "phucloi.nhaplieu", password: "${DEMO_PASSWORD}") { ... on MutationLoginSuccess { data { token } } } }` }) })
      const token = ((await login.json()) as { data: { login: { data: { token: string } } } }).data.login.data.token
      const files = await writeBatch(s.dir, FILES, SEED % 1000, ['01.PL'])
      const expected = new Map(files.map((f) => [`${f.unit} ${f.period}`, f.values]))
      const upload = async (path: string): Promise<string> => {
        const form = new FormData()
        form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null } }))
        form.append('map', JSON.stringify({ 0: ['variables.file'] }))
        form.append('0', new File([new Uint8Array(readFileSync(path))], 'bao-cao.xlsx'))
        try {
          const res = await fetch(`${base}/graphql`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1', connection: 'close' }, signal: AbortSignal.timeout(60_000) })
          const body = (await res.json()) as { data?: { uploadReturn: { data?: { outcome: string }; code?: string } } }
          return body.data?.uploadReturn.data?.outcome ?? body.data?.uploadReturn.code ?? `http ${res.status}`
        } catch (e) {
          return `lost: ${(e as Error).message}`
        }
      }
      const uploadAll = async (): Promise<Map<string, string>> => {
        const out = new Map<string, string>()
        const queue = files.map((f) => f.path)
        await Promise.all(Array.from({ length: 4 }, async () => {
          for (let p = queue.shift(); p; p = queue.shift()) out.set(p, await upload(p))
        }))
        return out
      }
      // kill moments: after the first answered upload, one at a random moment, then the other
      const moments = Array.from({ length: KILLS }, () => 50 + Math.floor(random() * 600))
      const killed: number[] = []
      const killer = (async () => {
        for (const ms of moments) {
          await new Promise((r) => setTimeout(r, ms))
          const victim = workerPids(primary)[0]
          if (victim) {
            process.kill(victim, 'SIGKILL')
            killed.push(victim)
          }
          await until('a replacement worker', () => workerPids(primary).length === 2 && !workerPids(primary).includes(victim as number))
        }
      })()
      const first = await uploadAll()
      await killer
      expect(killed).toHaveLength(KILLS)
      await until('the replacements to listen', () => (output.match(/tiến trình thay thế \d+ đã sẵn sàng/g) ?? []).length >= KILLS)

      const h = s.open()
      try {
        const stored = await committedReturns(h.db)
        for (const [path, outcome] of first) if (outcome === 'committed') expect(stored.has(`01.PL ${/01\.PL-(\d{4}Q\d)/.exec(path)![1]}`), path).toBe(true)
        for (const [k, v] of stored) expect(v, k).toEqual({ revision: 1, values: expected.get(k) })
        expect((await verifyDatabase(h)).problems).toEqual([])
        const missing = new Set(files.filter((f) => !stored.has(`${f.unit} ${f.period}`)).map((f) => f.path))
        const again = await uploadAll()
        expect(new Set([...again].filter(([, o]) => o === 'committed').map(([p]) => p))).toEqual(missing)
        expect([...again.values()].filter((o) => o === 'duplicate')).toHaveLength(FILES - missing.size)
        expect((await committedReturns(h.db)).size).toBe(FILES)
        expect((await verifyDatabase(h)).ok).toBe(true)
        console.log(`[${dialect}] worker crash seed ${SEED}: killed at ${moments.join(',')} ms; first pass ${[...first.values()].filter((o) => o !== 'committed').length} uploads lost (${[...new Set([...first.values()].filter((o) => o !== 'committed'))].join('; ')}), ${missing.size} missing`)
      } finally {
        await h.close()
      }
    } finally {
      if (server && server.exitCode === null) {
        const exited = new Promise((r) => server!.once('exit', r))
        server.kill('SIGTERM')
        await exited
      }
      await s.dispose()
    }
  })
})
