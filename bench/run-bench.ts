import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPostgresDatabase } from '../test/support/postgres-database.js'
import { startEmbeddedPostgres } from '../test/support/postgres-server.js'
import type { DialectName } from '../src/db/create-database.js'
import { printRows, type BenchRow } from './bench-row.js'
import { runDashboardBench } from './dashboard-bench.js'
import { runExportBench } from './export-bench.js'
import { runImportBench } from './import-bench.js'
import { runListAbuseBench } from './list-abuse-bench.js'
import { runLiveBench, seedNationalFile } from './live-bench.js'
import { LOAD_RUNS, runLoadBench, WARM_UP_SECONDS, type LoadTarget } from './load-bench.js'
import { runRollupBench } from './rollup-bench.js'
import { runLineageBench } from './lineage-bench.js'
import { postgresBackendCpuUs, runRollupHttpCpuBench } from './rollup-http-cpu.js'
import { runSeedBench } from './seed-bench.js'
import { runSoakBench } from './soak-bench.js'
import { runWebBench } from './web-bench.js'

const DASHBOARD_TITLE = '[sqlite] the dashboard (/tong-hop) in Chromium, loopback, national tree, 2 worker processes (targets: province ≤ 1 s, country ≤ 2 s, submit → figure changed ≤ 2 s)'

const option = (argv: string[], name: string): string | null => (argv.includes(name) ? argv[argv.indexOf(name) + 1] ?? null : null)

/**
 * `npm run bench`: every figure beside a naive baseline measured in the same run, on SQLite and PostgreSQL.
 * `--only sqlite|postgres` picks a database; `--part load` only the HTTP load of ward rollups and the CPU per request (the national tree
 * seeded, untimed); `--part rollups` runs only the rollup and HTTP load figures (no export,
 * seeding or import benches, no soak), `--part live` only the live-update figure, `--part web` only the web application's figures, `--part dashboard` only the dashboard's three figures, `--part abuse` only the list-abuse burst of #15 (SQLite, national tree), `--part lineage` only the restated-vs-as-reported rollup (SQLite, each on its own national tree; lineage's with a reorganization); `--json FILE` also writes every row ({ name, ms, baselineMs, note }) as JSON;
 * `--soak-minutes N` sets the soak run's length (default 10, 0 skips it), `--soak-only` runs only the soak.
 */
export async function runBench(argv: string[]): Promise<number> {
  const only = option(argv, '--only')
  const part = option(argv, '--part')
  const jsonFile = option(argv, '--json')
  const soakMinutes = argv.includes('--soak-minutes') ? Number(option(argv, '--soak-minutes')) : 10
  if (!Number.isInteger(soakMinutes) || soakMinutes < 0) throw new Error('--soak-minutes takes a whole number of minutes (0 skips the soak run)')
  if (argv.includes('--soak-only')) return soak(soakMinutes)
  const dialects = (['sqlite', 'postgres'] as DialectName[]).filter((d) => !only || d === only)
  const everything = part === null
  // --part live, web and dashboard run on SQLite only: no PostgreSQL server for them
  const server = dialects.includes('postgres') && !['live', 'web', 'dashboard', 'lineage'].includes(part ?? '') ? await startEmbeddedPostgres() : null
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-bench-'))
  const all: BenchRow[] = []
  const section = (title: string, rows: BenchRow[], prefix: string) => {
    printRows(title, rows)
    for (const r of rows) all.push({ ...r, name: `${prefix}${r.name}` })
  }
  console.log(`tonghop bench — ${new Date().toISOString()} — node ${process.version}; figures in ms, speed-up = baseline ÷ tonghop`)
  const log = (line: string) => console.log(`  … ${line}`)
  try {
    const lineageTitle = '[sqlite] reorganization lineage on the national tree: a period before the reform restated onto today\'s tree (target: ≤ 2× as reported)'
    if (part === 'lineage') {
      section(lineageTitle, await runLineageBench({ log }), '[sqlite] ')
      return 0
    }
    if (part === 'live') {
      const file = join(dir, 'live.sqlite')
      await seedNationalFile(file, log)
      section('[sqlite] live updates in Chromium, loopback, national tree, 2 worker processes (target: submit → figure changed ≤ 2 s)', await runLiveBench(file, 'VN01'), '[sqlite] ')
      return 0
    }
    if (part === 'dashboard') {
      const file = join(dir, 'dashboard.sqlite')
      await seedNationalFile(file, log)
      section(DASHBOARD_TITLE, await runDashboardBench(file, 'VN01'), '[sqlite] ')
      return 0
    }
    if (part === 'abuse') {
      const file = join(dir, 'abuse.sqlite')
      await seedNationalFile(file, log)
      await printListAbuse(file)
      return 0
    }
    if (part === 'web') {
      const file = join(dir, 'web.sqlite')
      await seedNationalFile(file, log)
      const web = await runWebBench(file, 'VN01.0001')
      section('[sqlite] web application in Chromium, loopback, national tree (targets: first page ≤ 300 KB, list ≤ 1 s, drop → findings ≤ 500 ms)', web.rows, '[sqlite] ')
      console.log(`  first page transferred (HTML + JS + CSS, gzip, headers included): ${(web.firstPageBytes / 1024).toFixed(1)} KB`)
      return 0
    }
    // First, while the process is small: the export's peak memory is part of what it measures.
    if (everything) section('[no database] national export, ≈3,400 ward rows × BC-YT72 (targets ≤ 10 s, ≤ 300 MB, ≤ 2× the bare write)', await runExportBench(), '')
    if (everything && dialects.includes('sqlite')) section(lineageTitle, await runLineageBench({ log }), '[sqlite] ')
    for (const dialect of dialects) {
      if (everything) section(`[${dialect}] seeding the national tree`, await runSeedBench(dialect, server?.url ?? null), `[${dialect}] `)
      const sqliteFile = join(dir, 'rollup.sqlite')
      const databaseUrl = dialect === 'postgres' && server ? (await createPostgresDatabase(server.url, 'bench_rollup')).url : undefined
      const commitTarget = dialect === 'sqlite' ? 50 : 60
      if (part === 'load') {
        // the tree, its returns and their state, untimed: only the HTTP load is measured
        await runRollupBench({ dialect, sqliteFile, databaseUrl, log, setupOnly: true })
      } else {
        section(
          `[${dialect}] rollups on the national tree (targets: national ≤ ${dialect === 'sqlite' ? 20 : 250} ms, province ≤ 25 ms, ward ≤ 5 ms, every commit ≤ ${commitTarget} ms, a tree change ≤ 100 ms)`,
          await runRollupBench({ dialect, sqliteFile, databaseUrl, log }), `[${dialect}] `,
        )
      }
      const target: LoadTarget = databaseUrl ? { databaseUrl } : { sqliteFile }
      const load = await runLoadBench(target, 'VN01.0001')
      const split = (shares: number[]) => shares.map((x) => `${Math.round(x * 100)} %`).join(' / ')
      console.log(`\n[${dialect}] load: ${LOAD_RUNS} runs of 10 s of ward rollup queries after a ${WARM_UP_SECONDS} s warm-up, 10 new connections each, server with ${load.workers} worker process(es) (autocannon, 127.0.0.1; targets ≥ 1,500 req/s, p99 ≤ 25 ms)`)
      for (const [i, r] of load.runs.entries()) console.log(`  run ${i + 1}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms; workers' CPU ${split(r.workerShares)}`)
      console.log(`  median run: ${load.requestsPerSecond.toFixed(0)} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms (workers' CPU ${split(load.workerShares)}), errors ${load.errors}, non-2xx ${load.non2xx}`)
      console.log(`  baseline { __typename }: ${load.baseline.requestsPerSecond.toFixed(0)} req/s, p50 ${load.baseline.p50Ms} ms, p99 ${load.baseline.p99Ms} ms`)
      all.push({
        name: `[${dialect}] ward rollups over HTTP (p99)`, ms: load.p99Ms, baselineMs: load.baseline.p99Ms,
        note: `median of ${LOAD_RUNS} runs: ${load.requestsPerSecond.toFixed(0)} req/s (baseline { __typename } ${load.baseline.requestsPerSecond.toFixed(0)} req/s), p50 ${load.p50Ms} ms, ${load.workers} workers (CPU ${split(load.workerShares)}), errors ${load.errors}, non-2xx ${load.non2xx}`,
      })
      if (dialect === 'sqlite' && everything) {
        const web = await runWebBench(sqliteFile, 'VN01.0001')
        section('[sqlite] web application in Chromium, loopback, national tree (targets: first page ≤ 300 KB, list ≤ 1 s, drop → findings ≤ 500 ms)', web.rows, '[sqlite] ')
        console.log(`  first page transferred (HTML + JS + CSS, gzip, headers included): ${(web.firstPageBytes / 1024).toFixed(1)} KB`)
        section('[sqlite] live updates in Chromium, loopback, national tree, 2 worker processes (target: submit → figure changed ≤ 2 s)', await runLiveBench(sqliteFile, 'VN01'), '[sqlite] ')
        section(DASHBOARD_TITLE, await runDashboardBench(sqliteFile, 'VN01'), '[sqlite] ')
        await printListAbuse(sqliteFile)
      }
    }
    for (const dialect of dialects) {
      // CPU, not wall time: on a shared machine req/s swings with the neighbours, the CPU a request costs much less
      const name = 'bench_http_cpu'
      const databaseUrl = dialect === 'postgres' && server ? (await createPostgresDatabase(server.url, name)).url : undefined
      const cpu = await runRollupHttpCpuBench(3000, null, { databaseUrl, serverCpuUs: databaseUrl ? () => postgresBackendCpuUs(name) : undefined })
      const serverRows = cpu.serverRollupUs === undefined ? [] : [
        { name: 'ward rollup, PostgreSQL backend CPU per request', ms: cpu.serverRollupUs / 1000, baselineMs: (cpu.serverTrivialUs ?? 0) / 1000, note: 'baseline: { __typename }, signed in (its session read)' },
      ]
      section(`[${dialect}] CPU per request through yoga.fetch, in-process (2 workers on 2 cores reach 1,500 req/s only below ≈1.3 ms, the database server's share included)`, [
        { name: 'ward rollup, CPU per request', ms: cpu.rollupUs / 1000, baselineMs: cpu.trivialUs / 1000, note: 'baseline: { __typename }, signed in, same process' },
        ...serverRows,
      ], `[${dialect}] `)
    }
    if (everything) section('[sqlite] Excel returns in (targets: one import ≤ 1.5× the exceljs load; 3,400 returns < 60 s)', await runImportBench(), '[sqlite] ')
  } finally {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
    if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(all, null, 2)}\n`)
  }
  // last, on its own database, so it disturbs no other figure
  if (part === null && soakMinutes > 0 && (!only || only === 'sqlite')) await soak(soakMinutes)
  return 0
}

async function printListAbuse(sqliteFile: string): Promise<void> {
  for (const abuse of await runListAbuseBench(sqliteFile, 'VN01.0001')) {
    console.log(`\n[sqlite] list abuse (#15 point 1): nodes(ids:) with ${abuse.label} in variables (${(abuse.bodyBytes / 1024).toFixed(0)} KB) on 4 connections for 10 s, beside another user's unit queries on 2; ${abuse.workers} worker(s) (targets: refused < 100 ms, the other user's p99 < 100 ms)`)
    console.log(`  abuse: ${abuse.abuseRequests} requests refused (${abuse.abuseCode}; statuses received: ${abuse.abuseStatuses}), p50 ${abuse.abuseP50Ms} ms, p99 ${abuse.abuseP99Ms} ms; ${abuse.abuseResets} closed before the refusal was read`)
    console.log(`  other user: p99 ${abuse.duringP99Ms} ms during the burst (p50 ${abuse.duringP50Ms} ms, ${abuse.duringRequests} requests) vs p99 ${abuse.aloneP99Ms} ms alone; the other user's errors/non-2xx ${abuse.errors}`)
  }
}

async function soak(minutes: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-soak-'))
  console.log(`\n[sqlite] soak: ${minutes} min of mixed load (ward and province rollups, completeness, uploads, exports, logins; 8 clients) on the national tree against tonghop serve with 2 workers (targets: no errors; RSS in the last minute within 10 % of the second; p99 flat)`)
  try {
    const r = await runSoakBench(dir, minutes, (line) => console.log(`  ${line}`))
    return r.ok ? 0 : 1
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
