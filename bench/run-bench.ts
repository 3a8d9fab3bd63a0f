import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPostgresDatabase } from '../test/support/postgres-database.js'
import { startEmbeddedPostgres } from '../test/support/postgres-server.js'
import type { DialectName } from '../src/db/create-database.js'
import { printRows, type BenchRow } from './bench-row.js'
import { runExportBench } from './export-bench.js'
import { runImportBench } from './import-bench.js'
import { runLoadBench, type LoadTarget } from './load-bench.js'
import { runRollupBench } from './rollup-bench.js'
import { runRollupHttpCpuBench } from './rollup-http-cpu.js'
import { runSeedBench } from './seed-bench.js'

const option = (argv: string[], name: string): string | null => (argv.includes(name) ? argv[argv.indexOf(name) + 1] ?? null : null)

/**
 * `npm run bench`: every figure beside a naive baseline measured in the same run, on SQLite and PostgreSQL.
 * `--only sqlite|postgres` picks a database; `--part rollups` runs only the rollup and HTTP load figures (no export,
 * seeding or import benches); `--json FILE` also writes every row ({ name, ms, baselineMs, note }) as JSON.
 */
export async function runBench(argv: string[]): Promise<number> {
  const only = option(argv, '--only')
  const part = option(argv, '--part')
  const jsonFile = option(argv, '--json')
  const dialects = (['sqlite', 'postgres'] as DialectName[]).filter((d) => !only || d === only)
  const everything = part === null
  const server = dialects.includes('postgres') ? await startEmbeddedPostgres() : null
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-bench-'))
  const all: BenchRow[] = []
  const section = (title: string, rows: BenchRow[], prefix: string) => {
    printRows(title, rows)
    for (const r of rows) all.push({ ...r, name: `${prefix}${r.name}` })
  }
  console.log(`tonghop bench — ${new Date().toISOString()} — node ${process.version}; figures in ms, speed-up = baseline ÷ tonghop`)
  const log = (line: string) => console.log(`  … ${line}`)
  try {
    // First, while the process is small: the export's peak memory is part of what it measures.
    if (everything) section('[no database] national export, ≈3,400 ward rows × BC-YT72 (targets ≤ 10 s, ≤ 300 MB, ≤ 2× the bare write)', await runExportBench(), '')
    for (const dialect of dialects) {
      if (everything) section(`[${dialect}] seeding the national tree`, await runSeedBench(dialect, server?.url ?? null), `[${dialect}] `)
      const sqliteFile = join(dir, 'rollup.sqlite')
      const databaseUrl = dialect === 'postgres' && server ? (await createPostgresDatabase(server.url, 'bench_rollup')).url : undefined
      const commitTarget = dialect === 'sqlite' ? 50 : 60
      section(
        `[${dialect}] rollups on the national tree (targets: national ≤ ${dialect === 'sqlite' ? 20 : 250} ms, province ≤ 25 ms, ward ≤ 5 ms, every commit ≤ ${commitTarget} ms, a tree change ≤ 100 ms)`,
        await runRollupBench({ dialect, sqliteFile, databaseUrl, log }), `[${dialect}] `,
      )
      const target: LoadTarget = databaseUrl ? { databaseUrl } : { sqliteFile }
      const load = await runLoadBench(target, 'VN01.0001')
      console.log(`\n[${dialect}] load: 10 s of ward rollup queries after a 3 s warm-up, 10 connections, server with ${load.workers} worker process(es) (autocannon, 127.0.0.1; targets ≥ 1,500 req/s, p99 ≤ 25 ms)`)
      console.log(`  ${load.requestsPerSecond.toFixed(0)} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, errors ${load.errors}, non-2xx ${load.non2xx}`)
      console.log(`  baseline { __typename }: ${load.baseline.requestsPerSecond.toFixed(0)} req/s, p50 ${load.baseline.p50Ms} ms, p99 ${load.baseline.p99Ms} ms`)
      all.push({
        name: `[${dialect}] ward rollups over HTTP (p99)`, ms: load.p99Ms, baselineMs: load.baseline.p99Ms,
        note: `${load.requestsPerSecond.toFixed(0)} req/s (baseline { __typename } ${load.baseline.requestsPerSecond.toFixed(0)} req/s), p50 ${load.p50Ms} ms, ${load.workers} workers, errors ${load.errors}, non-2xx ${load.non2xx}`,
      })
    }
    if (dialects.includes('sqlite')) {
      // CPU, not wall time: on a shared machine req/s swings with the neighbours, the CPU a request costs much less
      const cpu = await runRollupHttpCpuBench()
      section('[sqlite] CPU per request through yoga.fetch, in-process (2 workers on 2 cores reach 1,500 req/s only below ≈1.3 ms)', [
        { name: 'ward rollup, CPU per request', ms: cpu.rollupUs / 1000, baselineMs: cpu.trivialUs / 1000, note: 'baseline: { __typename }, signed in, same process' },
      ], '[sqlite] ')
    }
    if (everything) section('[sqlite] Excel returns in (targets: one import ≤ 1.5× the exceljs load; 3,400 returns < 60 s)', await runImportBench(), '[sqlite] ')
  } finally {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
    if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(all, null, 2)}\n`)
  }
  return 0
}
