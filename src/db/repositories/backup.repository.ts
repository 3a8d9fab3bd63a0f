// Generic table access for backup, restore and verify: the tables are read from the database's own catalog, so a
// table added by a later migration is backed up without this file changing.
import { sql, type Kysely } from 'kysely'
import type { DatabaseHandle, DialectName } from '../create-database.js'
import type { Database } from '../database-types.js'

type Db = Kysely<Database>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export interface TableInfo {
  name: string
  columns: string[]
  /** Primary key columns, in order (keyset paging on PostgreSQL, stable order on both). */
  key: string[]
  /** Tables this one references through foreign keys (itself included when it does). */
  references: string[]
  /** Columns of this table that reference the table itself (units.parent_id). */
  selfReferences: { column: string; target: string }[]
}

export type RowValue = string | number | null | Buffer

/** Kysely's bookkeeping, and the live-update channel's last minutes (announcements to open pages, not records). */
const NOT_DATA = new Set(['kysely_migration', 'kysely_migration_lock', 'live_changes'])

export async function listTables(db: Db, dialect: DialectName): Promise<TableInfo[]> {
  const any = db as unknown as AnyDb
  const names =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(any)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(any)).rows.map((r) => r.name)
  const out: TableInfo[] = []
  for (const name of names.filter((n) => !NOT_DATA.has(n))) out.push(dialect === 'sqlite' ? await sqliteTable(any, name) : await postgresTable(any, name))
  return out
}

async function sqliteTable(db: AnyDb, name: string): Promise<TableInfo> {
  const cols = (await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${name}) order by cid`.execute(db)).rows
  const fks = (await sql<{ table: string; from: string; to: string }>`select "table", "from", "to" from pragma_foreign_key_list(${name})`.execute(db)).rows
  return {
    name,
    columns: cols.map((c) => c.name),
    key: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
    references: [...new Set(fks.map((f) => f.table))],
    selfReferences: fks.filter((f) => f.table === name).map((f) => ({ column: f.from, target: f.to })),
  }
}

async function postgresTable(db: AnyDb, name: string): Promise<TableInfo> {
  const cols = (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${name} order by ordinal_position`.execute(db)).rows
  const key = (
    await sql<{ name: string }>`select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = ${name}::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`.execute(db)
  ).rows
  const fks = (
    await sql<{ target: string; from_col: string; to_col: string }>`select cl.relname as target, a.attname as from_col, af.attname as to_col
      from pg_constraint c join pg_class cl on cl.oid = c.confrelid
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
      where c.contype = 'f' and c.conrelid = ${name}::regclass`.execute(db)
  ).rows
  return {
    name,
    columns: cols.map((c) => c.name),
    key: key.map((k) => k.name),
    references: [...new Set(fks.map((f) => f.target))],
    selfReferences: fks.filter((f) => f.target === name).map((f) => ({ column: f.from_col, target: f.to_col })),
  }
}

/** The migrations applied, oldest first (Kysely's own table). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db as unknown as AnyDb)
    return rows.rows.map((r) => r.name)
  } catch {
    return []
  }
}

export interface SnapshotReader {
  tables: TableInfo[]
  /** Rows in key order, a page at a time, all from one snapshot. */
  rows: (table: TableInfo) => AsyncIterable<RowValue[]>
  migrations: string[]
}

const PAGE = 500

/**
 * Runs `fn` on one consistent snapshot of the whole database while other processes go on writing. SQLite: a deferred
 * read transaction on the WAL (writers are not blocked; Kysely's transactions begin IMMEDIATE, which would take the
 * write lock, so this one is begun on the raw handle). PostgreSQL: REPEATABLE READ, READ ONLY.
 */
export async function withSnapshot<T>(handle: DatabaseHandle, fn: (reader: SnapshotReader) => Promise<T>): Promise<T> {
  if (handle.sqlite) {
    const raw = handle.sqlite
    const tables = await listTables(handle.db, 'sqlite')
    raw.prepare('begin').run()
    try {
      // the snapshot starts with the first read
      const migrations = raw.prepare('select name from kysely_migration order by name').pluck().all() as string[]
      const reader: SnapshotReader = {
        tables,
        migrations,
        rows: (t) => {
          const order = (t.key.length ? t.key : ['rowid']).map(quote).join(', ')
          const stmt = raw.prepare(`select ${t.columns.map(quote).join(', ')} from ${quote(t.name)} order by ${order}`).raw(true)
          return (async function* () {
            for (const row of stmt.iterate()) yield row as RowValue[]
          })()
        },
      }
      return await fn(reader)
    } finally {
      raw.prepare('commit').run()
    }
  }
  return handle.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const tables = await listTables(trx, 'postgres')
      const migrations = await appliedMigrations(trx)
      return fn({ tables, migrations, rows: (t) => postgresPages(trx as unknown as AnyDb, t) })
    })
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

async function* postgresPages(db: AnyDb, t: TableInfo): AsyncIterable<RowValue[]> {
  if (t.key.length === 0) throw new Error(`table ${t.name} has no primary key: it cannot be paged for a backup`)
  const cols = sql.join(t.columns.map((c) => sql.ref(c)))
  const keyCols = sql.join(t.key.map((c) => sql.ref(c)))
  let after: RowValue[] | null = null
  for (;;) {
    const where = after ? sql`where (${keyCols}) > (${sql.join(after.map((v) => sql`${v}`))})` : sql``
    const page = (await sql<Record<string, RowValue>>`select ${cols} from ${sql.table(t.name)} ${where} order by ${keyCols} limit ${PAGE}`.execute(db)).rows
    for (const r of page) yield t.columns.map((c) => r[c] ?? null)
    if (page.length < PAGE) return
    const last = page[page.length - 1] as Record<string, RowValue>
    after = t.key.map((k) => last[k] ?? null)
  }
}

/** True when no data table holds a row (a database just created, or only migrated). */
export async function isDatabaseEmpty(db: Db, dialect: DialectName): Promise<boolean> {
  for (const t of await listTables(db, dialect)) {
    const r = await sql<{ one: number }>`select 1 as one from ${sql.table(t.name)} limit 1`.execute(db as unknown as AnyDb)
    if (r.rows.length > 0) return false
  }
  return true
}

export async function insertRows(db: Db, table: string, columns: readonly string[], rows: readonly RowValue[][]): Promise<void> {
  if (rows.length === 0) return
  const values = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null])))
  await (db as unknown as AnyDb).insertInto(table).values(values).execute()
}

/** PostgreSQL serial columns keep counting from the restored maximum (explicit ids do not advance a sequence). */
export async function resetSequences(db: Db, dialect: DialectName, tables: readonly TableInfo[]): Promise<void> {
  if (dialect !== 'postgres') return
  for (const t of tables) {
    if (!t.columns.includes('id')) continue
    await sql`select setval(pg_get_serial_sequence(${t.name}, 'id'), coalesce((select max(id) from ${sql.table(t.name)}), 0) + 1, false)
      where pg_get_serial_sequence(${t.name}, 'id') is not null`.execute(db as unknown as AnyDb)
  }
}

/** SQLite's own check of every page and index, and of every foreign key; PostgreSQL: every foreign key. */
export async function integrityProblems(handle: DatabaseHandle): Promise<string[]> {
  const problems: string[] = []
  if (handle.sqlite) {
    const ok = handle.sqlite.pragma('integrity_check') as { integrity_check: string }[]
    for (const r of ok) if (r.integrity_check !== 'ok') problems.push(r.integrity_check)
    const fk = handle.sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
    for (const r of fk.slice(0, 20)) problems.push(`${r.table} row ${r.rowid} references a missing ${r.parent} row`)
    return problems
  }
  for (const t of await listTables(handle.db, 'postgres')) {
    const info = await postgresForeignKeys(handle.db as unknown as AnyDb, t.name)
    for (const fk of info) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)} c where c.${sql.ref(fk.from_col)} is not null
        and not exists (select 1 from ${sql.table(fk.target)} p where p.${sql.ref(fk.to_col)} = c.${sql.ref(fk.from_col)})`.execute(handle.db as unknown as AnyDb)
      if (Number(r.rows[0]?.n ?? 0) > 0) problems.push(`${t.name}.${fk.from_col}: ${r.rows[0]?.n} rows reference a missing ${fk.target} row`)
    }
  }
  return problems
}

async function postgresForeignKeys(db: AnyDb, name: string): Promise<{ target: string; from_col: string; to_col: string }[]> {
  return (
    await sql<{ target: string; from_col: string; to_col: string }>`select cl.relname as target, a.attname as from_col, af.attname as to_col
      from pg_constraint c join pg_class cl on cl.oid = c.confrelid
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
      where c.contype = 'f' and c.conrelid = ${name}::regclass`.execute(db)
  ).rows
}
