// tonghop backup / restore: a logical copy of every data table taken from one snapshot while the server serves and
// imports run, restorable into an empty database of either dialect. The maintained rollup state is derived data: it
// is not copied, and a restore rebuilds it for the pairs that had it.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { finished } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import type { DatabaseHandle } from '../../db/create-database.js'
import { knownMigrations, migrateToLatest, migrateTo } from '../../db/migrate.js'
import { insertRows, isDatabaseEmpty, listTables, resetSequences, withSnapshot, type RowValue, type TableInfo } from '../../db/repositories/backup.repository.js'
import { refreshPlannerStatistics } from '../../db/repositories/planner-statistics.repository.js'
import { rebuildRollupState } from '../rollup/rollup-maintenance.js'
import { BACKUP_FORMAT, damagedPayload, decodeValue, encodeHeader, encodeValue, readHeader, type BackupHeader } from './backup-format.js'
import { OperationError } from './operation-error.js'

const isDerived = (t: TableInfo) => t.name.startsWith('rollup_')
const BATCH = 200

/** Referenced tables before the tables that reference them, so a restore inserts in file order. */
function dependencyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]))
  const out: TableInfo[] = []
  const seen = new Set<string>()
  const visit = (t: TableInfo) => {
    if (seen.has(t.name)) return
    seen.add(t.name)
    for (const r of t.references) if (r !== t.name && byName.has(r)) visit(byName.get(r) as TableInfo)
    out.push(t)
  }
  for (const t of tables) visit(t)
  return out
}

export interface BackupSummary {
  file: string
  header: BackupHeader
  bytes: number
}

/** Writes `out` atomically (a partial file beside it, renamed when complete and synced). */
export async function createBackup(handle: DatabaseHandle, out: string): Promise<BackupSummary> {
  const partial = `${out}.partial-${process.pid}`
  const payloadFile = `${partial}.payload`
  try {
    const hash = createHash('sha256')
    let payloadBytes = 0
    const gzip = createGzip({ level: 3 })
    const sink = createWriteStream(payloadFile)
    gzip.on('data', (chunk: Buffer) => {
      hash.update(chunk)
      payloadBytes += chunk.length
    })
    gzip.pipe(sink)
    const write = async (line: string) => {
      if (!gzip.write(`${line}\n`)) await new Promise((r) => gzip.once('drain', r))
    }
    const rows: Record<string, number> = {}
    const rollupPairs: { form: string; period: string }[] = []
    const migrations = await withSnapshot(handle, async (reader) => {
      for (const t of dependencyOrder(reader.tables.filter((t) => !isDerived(t)))) {
        await write(JSON.stringify({ table: t.name, columns: t.columns, selfReferences: t.selfReferences }))
        let n = 0
        // The rollup state is sparse and derived: the pairs to rebuild are those with counted (non-draft) returns.
        const counted = t.name === 'returns' ? [t.columns.indexOf('form_code'), t.columns.indexOf('period_id'), t.columns.indexOf('status')] : null
        const pairs = new Set<string>()
        for await (const row of reader.rows(t)) {
          await write(JSON.stringify(row.map(encodeValue)))
          if (counted && row[counted[2] as number] !== 'draft') pairs.add(`${String(row[counted[0] as number])}\u0000${String(row[counted[1] as number])}`)
          n++
        }
        for (const key of [...pairs].sort()) {
          const [form, period] = key.split('\u0000') as [string, string]
          rollupPairs.push({ form, period })
        }
        rows[t.name] = n
      }
      return reader.migrations
    })
    gzip.end()
    await finished(sink)
    if (migrations.length === 0) throw new OperationError('BACKUP_NOT_MIGRATED', 'Cơ sở dữ liệu chưa được tạo cấu trúc (chưa chạy migrate): không có gì để sao lưu.', 'The database has no schema yet (never migrated): nothing to back up.')
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      dialect: handle.dialect,
      schemaVersion: migrations[migrations.length - 1] as string,
      migrations,
      createdAt: new Date().toISOString(),
      payloadBytes,
      payloadSha256: hash.digest('hex'),
      rows,
      rollupPairs,
    }
    const headBytes = encodeHeader(header)
    const target = createWriteStream(partial)
    target.write(headBytes)
    createReadStream(payloadFile).pipe(target)
    await finished(target)
    const fh = await open(partial, 'r+')
    await fh.sync()
    await fh.close()
    await rename(partial, out)
    return { file: out, header, bytes: headBytes.length + payloadBytes }
  } finally {
    await rm(payloadFile, { force: true })
    await rm(partial, { force: true })
  }
}

async function checkPayload(file: string, offset: number, header: BackupHeader): Promise<void> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of createReadStream(file, { start: offset })) {
    hash.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
  }
  if (bytes !== header.payloadBytes) {
    throw damagedPayload(file, `dài ${bytes} byte thay vì ${header.payloadBytes} (tệp bị cắt cụt hoặc bị thêm)`, `the payload is ${bytes} bytes, the header says ${header.payloadBytes} (truncated or appended)`)
  }
  if (hash.digest('hex') !== header.payloadSha256) throw damagedPayload(file, 'mã kiểm tra SHA-256 không khớp', 'its SHA-256 does not match the header')
}

/** Reads and checks a backup without restoring it: the header, the schema it needs, and the payload's checksum. */
export async function inspectBackup(file: string): Promise<BackupHeader> {
  const { header, offset } = await readHeader(file)
  const known = new Set(await knownMigrations())
  const unknown = header.migrations.filter((m) => !known.has(m))
  if (unknown.length > 0) {
    throw new OperationError(
      'BACKUP_SCHEMA_NEWER',
      `Tệp sao lưu có cấu trúc dữ liệu mới hơn bản tonghop này (phiên bản ${header.schemaVersion}; bản này không biết ${unknown.join(', ')}). Hãy khôi phục bằng bản tonghop đã tạo tệp sao lưu, hoặc mới hơn.`,
      `The backup's schema is newer than this tonghop (${header.schemaVersion}; unknown here: ${unknown.join(', ')}). Restore it with the tonghop that made it, or a newer one.`,
    )
  }
  await checkPayload(file, offset, header)
  return header
}

interface TableLine {
  name: string
  columns: string[]
  selfReferences: TableInfo['selfReferences']
}

/** Orders rows so that each row a self-reference points at comes before the row pointing at it. */
function parentsFirst(table: TableLine, rows: RowValue[][]): RowValue[][] {
  const refs = table.selfReferences.map((r) => ({ from: table.columns.indexOf(r.column), to: table.columns.indexOf(r.target) }))
  const byKey = new Map<RowValue, RowValue[][]>()
  for (const r of rows) for (const ref of refs) {
    const k = r[ref.to] ?? null
    const list = byKey.get(k)
    if (list) list.push(r)
    else byKey.set(k, [r])
  }
  const out: RowValue[][] = []
  const placed = new Set<RowValue[]>()
  const visit = (r: RowValue[], depth: number) => {
    if (placed.has(r) || depth > 100_000) return
    for (const ref of refs) {
      const parent = r[ref.from]
      if (parent === null || parent === undefined) continue
      for (const p of byKey.get(parent) ?? []) if (p !== r) visit(p, depth + 1)
    }
    if (!placed.has(r)) {
      placed.add(r)
      out.push(r)
    }
  }
  for (const r of rows) visit(r, 0)
  return out
}

export interface RestoreSummary {
  header: BackupHeader
  rows: Record<string, number>
  rollupPairs: number
}

/** Into an empty database only; the rows go in one transaction, so a failure leaves the target empty. */
export async function restoreBackup(handle: DatabaseHandle, file: string): Promise<RestoreSummary> {
  const header = await inspectBackup(file)
  const { offset } = await readHeader(file)
  if (!(await isDatabaseEmpty(handle.db, handle.dialect))) {
    throw new OperationError(
      'RESTORE_TARGET_NOT_EMPTY',
      'Cơ sở dữ liệu đích đã có dữ liệu: chỉ khôi phục vào một cơ sở dữ liệu trống (tệp SQLite mới, hoặc một database PostgreSQL mới tạo). Không có gì bị thay đổi.',
      'The target database already holds data: restore only into an empty one (a new SQLite file or a newly created PostgreSQL database). Nothing was changed.',
    )
  }
  await migrateTo(handle.db, header.schemaVersion)
  const counted: Record<string, number> = {}
  await handle.db.transaction().execute(async (trx) => {
    let table: TableLine | null = null
    let batch: RowValue[][] = []
    const flush = async (end: boolean) => {
      if (!table || batch.length === 0) return
      // a table that references itself is inserted whole at its end, parents first
      if (table.selfReferences.length > 0 && !end) return
      const rows = table.selfReferences.length > 0 ? parentsFirst(table, batch) : batch
      for (let i = 0; i < rows.length; i += BATCH) await insertRows(trx, table.name, table.columns, rows.slice(i, i + BATCH))
      batch = []
    }
    const lines = createInterface({ input: createReadStream(file, { start: offset }).pipe(createGunzip()), crlfDelay: Infinity })
    for await (const line of lines) {
      if (!line) continue
      const parsed = JSON.parse(line) as unknown
      if (!Array.isArray(parsed)) {
        await flush(true)
        const t = parsed as { table: string; columns: string[]; selfReferences?: TableInfo['selfReferences'] }
        table = { name: t.table, columns: t.columns, selfReferences: t.selfReferences ?? [] }
        counted[table.name] = 0
        continue
      }
      if (!table) throw damagedPayload(file, 'dòng dữ liệu đứng trước tên bảng', 'a row comes before any table line')
      batch.push(parsed.map(decodeValue))
      counted[table.name] = (counted[table.name] ?? 0) + 1
      if (batch.length >= BATCH) await flush(false)
    }
    await flush(true)
    for (const [name, n] of Object.entries(header.rows)) {
      if (counted[name] !== n) throw damagedPayload(file, `bảng ${name} có ${counted[name] ?? 0} dòng thay vì ${n}`, `table ${name} has ${counted[name] ?? 0} rows, the header says ${n}`)
    }
    await resetSequences(trx, handle.dialect, await listTables(trx, handle.dialect))
  })
  await migrateToLatest(handle.db)
  // every table was filled in one transaction: PostgreSQL must measure them before it plans the rebuild and the requests
  await refreshPlannerStatistics(handle.db, 'all')
  for (const p of header.rollupPairs) await rebuildRollupState(handle.db, p.form, p.period)
  return { header, rows: counted, rollupPairs: header.rollupPairs.length }
}
