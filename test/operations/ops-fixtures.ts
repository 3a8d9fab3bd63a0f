import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { inject } from 'vitest'
import { openPostgres, openSqlite, type DatabaseHandle, type DialectName } from '../../src/db/create-database.js'
import { createPostgresDatabase } from '../support/postgres-database.js'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'

const run = promisify(execFile)
export const BIN = new URL('../../bin/tonghop.js', import.meta.url).pathname

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export async function tonghop(args: string[], env: Record<string, string>): Promise<CliResult> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, maxBuffer: 64 * 1024 * 1024 })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

export function spawnTonghop(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
}

let counter = 0

/** An empty database (not even migrated) that both this process and a `tonghop` child can open. */
export interface ScratchDatabase {
  env: Record<string, string>
  open: () => DatabaseHandle
  dispose: () => Promise<void>
  dir: string
}

export async function scratchDatabase(dialect: DialectName): Promise<ScratchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-ops-'))
  if (dialect === 'sqlite') {
    const file = join(dir, 'db.sqlite')
    return { dir, env: { TONGHOP_DB_FILE: file }, open: () => openSqlite(file), dispose: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const created = await createPostgresDatabase(inject('postgresUrl'), `ops_${process.pid}_${Date.now()}_${counter++}`)
  return {
    dir,
    env: { DATABASE_URL: created.url, TONGHOP_DB_FILE: join(dir, 'unused.sqlite') },
    open: () => openPostgres(created.url, 3),
    dispose: async () => {
      await created.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const QUARTERS = Array.from({ length: 40 }, (_, i) => `${2026 + Math.floor(i / 4)}Q${(i % 4) + 1}`)
const UNITS = ['01.PL', '31.BD', '31.DS']

export interface BatchFile {
  path: string
  unit: string
  period: string
  values: Record<string, number>
}

/** `n` returns of BC-QT, each its own (unit, period): a batch whose every file is a different return. */
export async function writeBatch(dir: string, n: number, seed = 1, units: readonly string[] = UNITS): Promise<BatchFile[]> {
  const out: BatchFile[] = []
  for (let i = 0; i < n; i++) {
    const unit = units[i % units.length] as string
    const period = QUARTERS[Math.floor(i / units.length)] as string
    const values = { QT01: 1 + ((i * 7 + seed) % 50), QT02: 300 + i, QT03: 40 + (i % 30), QT04: 100, TT01: i + seed, TT02: 2 * i, TT03: 5 }
    const path = join(dir, `r-${String(i).padStart(3, '0')}-${unit}-${period}.xlsx`)
    const wb = formLayoutWorkbook(Object.entries(values).map(([k, v]) => [k, k, v]), { meta: { unit, period }, title: ['BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT'] })
    writeFileSync(path, await toBuffer(wb))
    out.push({ path, unit, period, values })
  }
  return out
}

/** Every committed return with its current revision and values, keyed "unit period". */
export async function committedReturns(db: DatabaseHandle['db']): Promise<Map<string, { revision: number; values: Record<string, number | null> }>> {
  const rows = await db
    .selectFrom('returns')
    .innerJoin('units', 'units.id', 'returns.unit_id')
    .leftJoin('current_values', 'current_values.return_id', 'returns.id')
    .select(['units.code', 'returns.period_id', 'returns.current_revision', 'current_values.indicator_code', 'current_values.num_value'])
    .where('returns.current_revision', '>', 0)
    .execute()
  const out = new Map<string, { revision: number; values: Record<string, number | null> }>()
  for (const r of rows) {
    const k = `${r.code} ${r.period_id}`
    const e = out.get(k) ?? { revision: r.current_revision, values: {} }
    if (r.indicator_code) e.values[r.indicator_code] = r.num_value
    out.set(k, e)
  }
  return out
}
