import { expect, it } from 'vitest'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { verifyDatabase } from '../../src/domain/operations/verify-service.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { seededRandom } from '../../seeds/seeded-random.js'
import { crashSeed } from './crash-rng.js'
import { committedReturns, scratchDatabase, spawnTonghop, writeBatch } from './ops-fixtures.js'

const KILLS = Number(process.env.TONGHOP_CRASH_KILLS ?? 20)
const FILES = 45
const SEED = crashSeed()

interface Run {
  /** files the batch reported, in order, before it ended or was killed */
  lines: { file: string; outcome: string }[]
  code: number | null
  signal: NodeJS.Signals | null
}

/** Runs the whole batch; when `killAfterMs` is given, SIGKILLs it that long after its first reported file. */
function runBatch(paths: string[], env: Record<string, string>, killAfterMs: number | null): Promise<Run> {
  const child = spawnTonghop(['import', ...paths, '--json'], env)
  const lines: Run['lines'] = []
  let buffer = ''
  let armed = false
  child.stdout!.on('data', (c: Buffer) => {
    buffer += c.toString()
    let i: number
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i)
      buffer = buffer.slice(i + 1)
      if (!line.startsWith('{')) continue
      const r = JSON.parse(line) as { file: string; outcome: string }
      lines.push({ file: r.file, outcome: r.outcome })
      if (killAfterMs !== null && !armed) {
        armed = true
        setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      }
    }
  })
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ lines, code, signal })))
}

forEachDialect('tonghop import killed with SIGKILL', (dialect) => {
  it(`${KILLS} kills at random moments (seed ${SEED}; replay with TONGHOP_CRASH_SEED=${SEED}): verify passes after each, every return whole, the re-run lands exactly the missing files`, { timeout: 600_000 }, async () => {
    const random = seededRandom(SEED + (dialect === 'postgres' ? 1 : 0))
    const s = await scratchDatabase(dialect)
    const h = s.open()
    try {
      await migrateToLatest(h.db)
      await seedDatabase(h.db, loadSeedBundle())
      const files = await writeBatch(s.dir, FILES, SEED % 1000)
      const expected = new Map(files.map((f) => [`${f.unit} ${f.period}`, f]))
      const byPath = new Map(files.map((f) => [f.path, `${f.unit} ${f.period}`]))
      const moments: number[] = []
      let killed = 0
      // two clerks' batches at once (the halves of the files), each killed at its own moment: two kills per round
      const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)].map((fs) => fs.map((f) => f.path))
      for (let attempt = 0; killed < KILLS && attempt < KILLS * 3; attempt++) {
        const round = halves.map(() => Math.floor(random() * 250))
        const ms = round.join('+')
        moments.push(...round)
        const runs = await Promise.all(halves.map((paths, i) => runBatch(paths, s.env, round[i] as number)))
        killed += runs.filter((r) => r.signal === 'SIGKILL').length
        const stored = await committedReturns(h.db)
        // every file a batch reported as landed is there (it printed only after the commit)
        for (const l of runs.flatMap((r) => r.lines)) if (l.outcome === 'committed' || l.outcome === 'duplicate') expect(stored.has(byPath.get(l.file) as string), `kill ${killed} at ${ms} ms: ${l.file}`).toBe(true)
        // and every return is whole: exactly its file's values, one revision
        for (const [k, v] of stored) expect(v, `kill ${killed} at ${ms} ms: ${k}`).toEqual({ revision: 1, values: expected.get(k)?.values })
        const report = await verifyDatabase(h)
        expect(report.problems, `kill ${killed} at ${ms} ms`).toEqual([])
      }
      expect(killed, `kill moments ${moments.join(',')}`).toBeGreaterThanOrEqual(KILLS)
      // the last run is not killed: it lands exactly the files still missing, and reports the rest as already there
      const missing = new Set(files.map((f) => f.path))
      const before = await committedReturns(h.db)
      for (const [p, k] of byPath) if (before.has(k)) missing.delete(p)
      const last = await runBatch(files.map((f) => f.path), s.env, null)
      expect(last.code).toBe(0)
      expect(new Set(last.lines.filter((l) => l.outcome === 'committed').map((l) => l.file))).toEqual(missing)
      expect(last.lines.filter((l) => l.outcome === 'duplicate').length).toBe(FILES - missing.size)
      const after = await committedReturns(h.db)
      expect(after.size).toBe(FILES)
      expect((await verifyDatabase(h)).ok).toBe(true)
      console.log(`[${dialect}] crash seed ${SEED}: ${killed} kills at ${moments.join(',')} ms after the first reported file; ${missing.size} files missing before the last run`)
    } finally {
      await h.close()
      await s.dispose()
    }
  })
})
