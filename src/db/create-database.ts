import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { CompiledQuery, Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type LogEvent, type SqliteDialectConfig } from 'kysely'
import pg from 'pg'
import { settleBackgroundWork } from './background-work.js'
import type { Database } from './database-types.js'
import { explainDatabaseError } from './database-errors.js'
import { PreparingClient } from './prepared-statements.js'

export type DialectName = 'sqlite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  dialect: DialectName
  /** The raw better-sqlite3 handle for hot paths that need prepared statements (SQLite only). */
  sqlite: SqliteDatabase.Database | null
  /** The PostgreSQL connection string (null on SQLite), for the live-update channel's own LISTEN connection. */
  postgresUrl: string | null
  close: () => Promise<void>
}

// COUNT(*) and SUM over integers come back from pg as int8 strings; the values here stay far
// below 2^53, so numbers are safe and keep results identical across dialects.
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))

async function closeAfterBackgroundWork(db: Kysely<Database>): Promise<void> {
  await settleBackgroundWork(db)
  await db.destroy()
}

export type QueryLog = (event: LogEvent) => void

export function openSqlite(file: string, log?: QueryLog): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  let sqlite: SqliteDatabase.Database | null = null
  try {
    sqlite = new SqliteDatabase(file)
    // the first statement reads the header: a file that is not a database is refused here, before anything is written
    sqlite.pragma('journal_mode = WAL')
    // NORMAL may roll back the last commits after a power loss; an accepted return must stay accepted.
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
  } catch (e) {
    sqlite?.close()
    throw explainDatabaseError(e, `Tệp "${file}"`) ?? e
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }), ...(log ? { log } : {}) })
  return { db, dialect: 'sqlite', sqlite, postgresUrl: null, close: () => closeAfterBackgroundWork(db) }
}

/**
 * Every transaction here writes. A deferred BEGIN reads first and asks for the write lock later, and when another
 * process (a second server worker, `tonghop import`) committed in between, SQLite fails it with SQLITE_BUSY instead of
 * waiting. BEGIN IMMEDIATE takes the write lock up front, so concurrent writers queue on busy_timeout.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its Migrator ran migrations without
 * one: a process killed half way through a migration left half its tables, and the next start failed on "table
 * already exists". Saying so makes the Migrator run each batch of migrations in one transaction, as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings)
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings)
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
}

/**
 * Kysely's SQLite driver prepares every statement on every call, which costs as much as running a point query.
 * Statements are reusable (Kysely runs one query at a time on the connection and never iterates lazily), so keep
 * the most recent ones by SQL text.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let stmt = cache.get(sql)
      if (stmt) {
        cache.delete(sql)
      } else {
        stmt = sqlite.prepare(sql)
        if (cache.size >= max) cache.delete(cache.keys().next().value as string)
      }
      cache.set(sql, stmt)
      return stmt
    },
  }
}

export function openPostgres(url: string, max = 10, log?: QueryLog): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max, Client: PreparingClient })
  // an idle connection the server ends (a restart, a failover, an administrator's terminate) is reported on the pool;
  // without a listener that 'error' event would end the whole process. The pool drops it and opens another when needed.
  pool.on('error', (err) => console.error(`tonghop: PostgreSQL đã đóng một kết nối đang rảnh, sẽ mở kết nối mới khi cần (${err.message})`))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) })
  return { db, dialect: 'postgres', sqlite: null, postgresUrl: url, close: () => closeAfterBackgroundWork(db) }
}

export function openDatabase(options: { databaseUrl: string | null; sqliteFile: string }): DatabaseHandle {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(options.sqliteFile)
}
