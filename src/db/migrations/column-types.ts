import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely'

// Migrations take Kysely<any> by design: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>

export function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** An auto-numbered integer primary key named `id` on either dialect. */
export function withId<T extends string>(db: AnyDb, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
}

export function realType(db: AnyDb) {
  return isPostgres(db) ? sql`double precision` : sql`real`
}

export function blobType(db: AnyDb) {
  return isPostgres(db) ? sql`bytea` : sql`blob`
}

/** Sort keys compare byte-wise; PostgreSQL's default collation would reorder them. */
export function binaryTextType(db: AnyDb) {
  return isPostgres(db) ? sql`text collate "C"` : sql`text`
}
