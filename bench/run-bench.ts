import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPostgresDatabase } from '../test/support/postgres-database.js'
import { startEmbeddedPostgres } from '../test/support/postgres-server.js'
import type { DialectName } from '../src/db/create-database.js'
import { printRows } from './bench-row.js'
import { runExportBench } from './export-bench.js'
import { runImportBench } from './import-bench.js'
import { runListAbuseBench } from './list-abuse-bench.js'
import { runLoadBench } from './load-bench.js'
import { runRollupBench } from './rollup-bench.js'
import { runSeedBench } from './seed-bench.js'

/** `npm run bench`: every figure beside a naive baseline measured in the same run, on SQLite and PostgreSQL. */
export async function runBench(argv: string[]): Promise<number> {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null
  const dialects = (['sqlite', 'postgres'] as DialectName[]).filter((d) => !only || d === only)
  const server = dialects.includes('postgres') ? await startEmbeddedPostgres() : null
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-bench-'))
  console.log(`tonghop bench — ${new Date().toISOString()} — node ${process.version}; figures in ms, speed-up = baseline ÷ tonghop`)
  const log = (line: string) => console.log(`  … ${line}`)
  try {
    // First, while the process is small: the export's peak memory is part of what it measures.
    printRows('[no database] national export, ≈3,400 ward rows × BC-YT72 (targets ≤ 10 s, ≤ 300 MB, ≤ 2× the bare write)', await runExportBench())
    for (const dialect of dialects) {
      printRows(`[${dialect}] seeding the national tree`, await runSeedBench(dialect, server?.url ?? null))
      const sqliteFile = join(dir, 'rollup.sqlite')
      const databaseUrl = dialect === 'postgres' && server ? (await createPostgresDatabase(server.url, 'bench_rollup')).url : undefined
      printRows(`[${dialect}] rollups on the national tree (targets: national ≤ 250 ms, province ≤ 25 ms, ward ≤ 5 ms, commit→visible ≤ 100 ms)`, await runRollupBench({ dialect, sqliteFile, databaseUrl, log }))
      if (dialect === 'sqlite') {
        const load = await runLoadBench(sqliteFile, 'VN01.0001')
        console.log(`\n[sqlite] load: 10 s of ward rollup queries after a 3 s warm-up, 10 connections, server with ${load.workers} worker process(es) (autocannon, 127.0.0.1; targets ≥ 500 req/s, p99 ≤ 50 ms)`)
        console.log(`  ${load.requestsPerSecond.toFixed(0)} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, errors ${load.errors}, non-2xx ${load.non2xx}`)
        for (const abuse of await runListAbuseBench(sqliteFile, 'VN01.0001')) {
          console.log(`\n[sqlite] list abuse (#15 point 1): nodes(ids:) with ${abuse.label} in variables (${(abuse.bodyBytes / 1024).toFixed(0)} KB) on 4 connections for 10 s, beside another user's unit queries on 2; ${abuse.workers} worker(s) (targets: refused < 100 ms, the other user's p99 < 100 ms)`)
          console.log(`  abuse: ${abuse.abuseRequests} requests refused (${abuse.abuseCode}), p50 ${abuse.abuseP50Ms} ms, p99 ${abuse.abuseP99Ms} ms`)
          console.log(`  other user: p99 ${abuse.duringP99Ms} ms during the burst (p50 ${abuse.duringP50Ms} ms, ${abuse.duringRequests} requests) vs p99 ${abuse.aloneP99Ms} ms alone; errors/non-2xx ${abuse.errors}`)
        }
      }
    }
    printRows('[sqlite] Excel returns in (targets: one import ≤ 1.5× the exceljs load; 3,400 returns < 60 s)', await runImportBench())
  } finally {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  return 0
}
