import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Session } from 'node:inspector/promises'
import { loadSeedBundle } from '../seeds/seed-loader.js'
import type { AppServices } from '../src/app-services.js'
import { loadConfig } from '../src/config/config.js'
import { openPostgres, openSqlite, type DatabaseHandle } from '../src/db/create-database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { findUnitByCode } from '../src/db/repositories/unit.repository.js'
import { insertReturnWithValues } from '../src/db/repositories/rollup.repository.js'
import { createAccount, login } from '../src/domain/accounts/account-service.js'
import { buildAppServices } from '../src/bootstrap.js'
import { afterReturnCommitted } from '../src/domain/rollup/rollup-maintenance.js'
import { seedDatabase } from '../src/domain/seeding/seed-database.js'
import { createTonghopYoga } from '../src/http/create-yoga.js'

/**
 * The CPU (user + system, µs) of the PostgreSQL backends connected to `database`, from /proc (Linux): a backend's
 * process title names its database. Clock ticks are 1/100 s here, so measure over thousands of requests.
 */
export function postgresBackendCpuUs(database: string): number {
  let ticks = 0
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(` ${database} `)) continue
      const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').replace(/^.*\) /, '').split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // the process ended between the listing and the read
    }
  }
  return ticks * 10_000
}

/** A CPU profile of `fn` alone (the setup and warm-up left out), written to `file` for DevTools. */
async function profiled(file: string, fn: () => Promise<unknown>): Promise<void> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  await fn()
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(file, JSON.stringify(profile))
  session.disconnect()
}

export interface CpuBenchOptions {
  /** a fresh PostgreSQL database to run on (SQLite in a temporary file otherwise); the CPU is the client's alone */
  databaseUrl?: string
  /** prints the statements one ward rollup request runs */
  printQueries?: boolean
  /** the CPU microseconds the database server's processes have used so far (PostgreSQL: its backends for this database) */
  serverCpuUs?: () => number
}

export interface CpuPerRequest {
  /** CPU microseconds (user + system) per ward rollup request, through yoga.fetch */
  rollupUs: number
  /** the same for `{ __typename }`, signed in */
  trivialUs: number
  /** the database server's CPU per request (PostgreSQL's backends; absent on SQLite, whose work is in `rollupUs`) */
  serverRollupUs?: number
  serverTrivialUs?: number
}

/**
 * CPU per ward rollup request in this process (no sockets, no load generator): on a machine shared with other work,
 * wall-clock load figures swing; the CPU a request costs does not. The query is the one the HTTP load bench sends.
 */
export async function runRollupHttpCpuBench(requests = 3000, profileFile: string | null = null, options: CpuBenchOptions = {}): Promise<CpuPerRequest> {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-http-cpu-'))
  let logging = false
  const logged: string[] = []
  const log = (e: { query: { sql: string } }) => {
    if (logging) logged.push(e.query.sql.replace(/\s+/g, ' ').slice(0, 160))
  }
  const database: DatabaseHandle = options.databaseUrl ? openPostgres(options.databaseUrl, 10, log) : openSqlite(join(dir, 'cpu.sqlite'), log)
  try {
    const db = database.db
    await migrateToLatest(db)
    await seedDatabase(db, loadSeedBundle())
    const ward = (await findUnitByCode(db, '01.PL'))!
    const q1 = { formCode: 'BC-QT', periodId: '2026Q1', periodStart: '2026-01-01', periodEnd: '2026-03-31' }
    for (const code of ['01.PL', '01.PL.CB01', '01.PL.CB02']) {
      const unitId = (await findUnitByCode(db, code))!.id
      await db.transaction().execute(async (trx) => afterReturnCommitted(trx, await insertReturnWithValues(trx, { ...q1, unitId, scope: 'own', values: [{ code: 'QT01', num: 2 }, { code: 'QT03', num: 90 }, { code: 'QT04', num: 100 }] })))
    }
    const config = loadConfig({ TONGHOP_DB_FILE: ':memory:' })
    await createAccount(db, { username: 'cpu.viewer', displayName: 'cpu', password: 'cpu-bench-password-1', grants: [{ role: 'viewer', unitId: ward.id }], grantedBy: null })
    const { token } = await login(db, { username: 'cpu.viewer', password: 'cpu-bench-password-1', clientAddress: 'bench', policy: config.loginThrottle })
    const services: AppServices = buildAppServices(config, database)
    const yoga = createTonghopYoga(services)
    const rollup = JSON.stringify({ query: '{ rollup(unit: "01.PL", form: "BC-QT", period: "2026Q1") { __typename ... on QueryRollupSuccess { data { summary { reportingUnits indicators { code value numerator denominator } } } } ... on Error { code } } }' })
    const trivial = JSON.stringify({ query: '{ __typename }' })
    const send = async (body: string) => {
      // the headers a real client sends (serve.ts requires the length on every POST)
      const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${token}` }
      const r = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers, body }, { clientAddress: '127.0.0.1' })
      const text = await r.text()
      if (r.status !== 200 || text.includes('"errors"') || text.includes('"DomainError"')) throw new Error(`rollup-http-cpu: ${r.status} ${text.slice(0, 300)}`)
    }
    const server = { trivial: 0, rollup: 0 }
    const cpuPer = async (body: string, n: number, kind: 'trivial' | 'rollup') => {
      for (let i = 0; i < 300; i++) await send(body)
      const s0 = options.serverCpuUs?.() ?? 0
      const c0 = process.cpuUsage()
      for (let i = 0; i < n; i++) await send(body)
      const c = process.cpuUsage(c0)
      server[kind] = ((options.serverCpuUs?.() ?? 0) - s0) / n
      return (c.user + c.system) / n
    }
    if (options.printQueries) {
      await send(rollup)
      logging = true
      await send(rollup)
      logging = false
      console.log(`one ward rollup request: ${logged.length} statements\n${logged.map((q) => `  ${q}`).join('\n')}`)
    }
    const trivialUs = await cpuPer(trivial, requests, 'trivial')
    const rollupUs = await cpuPer(rollup, requests, 'rollup')
    if (profileFile) await profiled(profileFile, () => cpuPer(rollup, requests, 'rollup'))
    const onServer = options.serverCpuUs ? { serverRollupUs: Math.round(server.rollup), serverTrivialUs: Math.round(server.trivial) } : {}
    return { rollupUs: Math.round(rollupUs), trivialUs: Math.round(trivialUs), ...onServer }
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

// `npx tsx bench/rollup-http-cpu.ts [requests] [rounds] [sqlite|postgres]`; CPU_PROFILE=file also writes a profile of
// one more round, PRINT_QUERIES=1 prints the statements of one request
if (process.argv[1]?.endsWith('rollup-http-cpu.ts')) {
  const n = Number(process.argv[2] ?? 3000)
  const { startEmbeddedPostgres } = await import('../test/support/postgres-server.js')
  const { createPostgresDatabase } = await import('../test/support/postgres-database.js')
  const server = process.argv[4] === 'postgres' ? await startEmbeddedPostgres() : null
  try {
    for (let round = 0; round < Number(process.argv[3] ?? 1); round++) {
      const name = `http_cpu_${process.pid}_${round}`
      const pgDb = server ? await createPostgresDatabase(server.url, name) : null
      try {
        const serverCpuUs = pgDb ? () => postgresBackendCpuUs(name) : undefined
        console.log(JSON.stringify(await runRollupHttpCpuBench(n, process.env.CPU_PROFILE ?? null, { databaseUrl: pgDb?.url, printQueries: process.env.PRINT_QUERIES === '1', serverCpuUs })))
      } finally {
        await pgDb?.drop()
      }
    }
  } finally {
    await server?.stop()
  }
}
