import { startEmbeddedPostgres } from '../test/support/postgres-server.js'
import type { DialectName } from '../src/db/create-database.js'
import { printRows } from './bench-row.js'
import { runSeedBench } from './seed-bench.js'

/** `npm run bench`: every figure beside a naive baseline measured in the same run, on SQLite and PostgreSQL. */
export async function runBench(argv: string[]): Promise<number> {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null
  const dialects = (['sqlite', 'postgres'] as DialectName[]).filter((d) => !only || d === only)
  const pg = dialects.includes('postgres') ? await startEmbeddedPostgres() : null
  console.log(`tonghop bench — ${new Date().toISOString()} — node ${process.version}`)
  try {
    for (const dialect of dialects) {
      printRows(`[${dialect}] seeding`, await runSeedBench(dialect, pg?.url ?? null))
    }
  } finally {
    await pg?.stop()
  }
  return 0
}
