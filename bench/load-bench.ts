import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { loadConfig } from '../src/config/config.js'
import { openDatabase } from '../src/db/create-database.js'
import { findAccountByUsername } from '../src/db/repositories/account.repository.js'
import { findUnitByCode } from '../src/db/repositories/unit.repository.js'
import { createAccount, login } from '../src/domain/accounts/account-service.js'

/** One measured run: its own autocannon connections, so its own split of them between the workers. */
export interface LoadRun {
  requestsPerSecond: number
  p99Ms: number
  p50Ms: number
  /** each worker's share of the workers' CPU over the run (0–1), largest first */
  workerShares: number[]
}

export interface LoadResult {
  /** worker processes of the server (TONGHOP_WORKERS, by default one per core up to 4) */
  workers: number
  /** the median run by req/s (its own figures, not a mix) */
  requestsPerSecond: number
  p99Ms: number
  p50Ms: number
  workerShares: number[]
  /** every run, in order */
  runs: LoadRun[]
  errors: number
  non2xx: number
  /** the same load of `{ __typename }` on the same server, signed in: what the HTTP and GraphQL layers cost alone */
  baseline: { requestsPerSecond: number; p99Ms: number; p50Ms: number }
}

/** Where the server's data is: a SQLite file, or a PostgreSQL database. */
export type LoadTarget = { sqliteFile: string } | { databaseUrl: string }

const targetEnv = (t: LoadTarget): Record<string, string> => ('sqliteFile' in t ? { TONGHOP_DB_FILE: t.sqliteFile, DATABASE_URL: '' } : { DATABASE_URL: t.databaseUrl })

const PASSWORD = 'bench-password-123'

/** Load before the measured seconds (runLoadBench). */
export const WARM_UP_SECONDS = 15

/** Measured runs of ward rollups, each with new connections (runLoadBench). */
export const LOAD_RUNS = 3

/** The server's worker processes (node:cluster children of `primary`), from /proc (Linux). */
function workerPids(primary: number): number[] {
  const pids: number[] = []
  for (const task of readdirSync(`/proc/${primary}/task`)) {
    for (const pid of readFileSync(`/proc/${primary}/task/${task}/children`, 'latin1').split(' ').filter(Boolean)) {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('tonghop')) pids.push(Number(pid))
    }
  }
  return pids
}

/** CPU (user + system, clock ticks) a process has used so far; 0 once it has ended. */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').replace(/^.*\) /, '').split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

/** Starts `tonghop serve` as its own process, so the load generator does not share the server's event loop. */
export function startServer(target: LoadTarget, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const bin = fileURLToPath(new URL('../bin/tonghop.js', import.meta.url))
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, ...targetEnv(target), PORT: String(port), HOST: '127.0.0.1', TONGHOP_DEMO_ACCOUNTS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('load bench: the server did not start within 60 s')), 60_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('/graphql')) {
        clearTimeout(timer)
        resolve(child)
      }
    })
    let errors = ''
    child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)))
    child.once('exit', (code) => reject(new Error(`load bench: the server exited with ${code}: ${errors}`)))
  })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

/**
 * 10 seconds of ward-level rollup queries from autocannon against the real server (its own processes) on 127.0.0.1,
 * after 15 seconds of the same load that are not counted: the figure is a server's steady state (V8's tiers compiled,
 * caches filled, every pool connection with its named statements). A fresh server takes about 12 s of this load to get
 * there: in 3-second windows from its start, 368, 489, 655, 968, then 1,393, 1,331, 1,316, 1,347 req/s; a 3 s warm-up
 * left most of that climb inside the 10 s measured.
 *
 * The 10 s are measured LOAD_RUNS times, each run with new connections, and the median run is the figure. The workers
 * accept from one socket (serve-workers.ts says why), so the kernel decides at connect time how autocannon's 10
 * connections split between them, and a run keeps its split: 10 and 0 leaves one worker idle and halves the rate.
 * Each run reports its split (the workers' shares of CPU), so a figure can be read beside it.
 */
export async function runLoadBench(target: LoadTarget, wardCode: string, seconds = 10): Promise<LoadResult> {
  const config = loadConfig({ ...process.env, ...targetEnv(target) })
  const database = openDatabase(config)
  let token: string
  try {
    const root = await findUnitByCode(database.db, 'VN')
    if (!root) throw new Error('load bench: the national tree is not loaded')
    if (!(await findAccountByUsername(database.db, 'bench.viewer'))) {
      await createAccount(database.db, { username: 'bench.viewer', displayName: 'bench', password: PASSWORD, grants: [{ role: 'viewer', unitId: root.id }], grantedBy: null })
    }
    token = (await login(database.db, { username: 'bench.viewer', password: PASSWORD, clientAddress: 'bench', policy: config.loginThrottle })).token
  } finally {
    await database.close()
  }
  const port = await freePort()
  const server = await startServer(target, port)
  const rollupBody = JSON.stringify({ query: `{ rollup(unit: "${wardCode}", form: "BC-QT", period: "2026Q1") { ... on QueryRollupSuccess { data { summary { reportingUnits indicators { code value numerator denominator } } } } ... on Error { code } } }` })
  const load = (duration: number, body = rollupBody) => autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    connections: 10,
    duration,
  })
  try {
    await load(WARM_UP_SECONDS)
    const workers = workerPids(server.pid!)
    const runs: LoadRun[] = []
    let errors = 0
    let non2xx = 0
    for (let i = 0; i < LOAD_RUNS; i++) {
      const before = workers.map(cpuTicks)
      const result = await load(seconds)
      const used = workers.map((pid, k) => cpuTicks(pid) - before[k]!)
      const total = used.reduce((a, b) => a + b, 0) || 1
      runs.push({ requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, p50Ms: result.latency.p50, workerShares: used.map((u) => u / total).sort((a, b) => b - a) })
      errors += result.errors
      non2xx += result.non2xx
    }
    const median = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)]!
    const trivial = JSON.stringify({ query: '{ __typename }' })
    await load(2, trivial)
    const base = await load(Math.max(3, Math.round(seconds / 2)), trivial)
    return {
      workers: config.workers, ...median, runs, errors: errors + base.errors, non2xx: non2xx + base.non2xx,
      baseline: { requestsPerSecond: base.requests.average, p99Ms: base.latency.p99, p50Ms: base.latency.p50 },
    }
  } finally {
    // the next figures must not share the CPU with a server still shutting down
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
}
