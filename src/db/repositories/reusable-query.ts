import type { CompiledQuery, Compilable, Kysely, RawBuilder } from 'kysely'
import type { Database } from '../database-types.js'
import { REUSABLE_SQL_MARK } from '../prepared-statements.js'

type Db = Kysely<Database>

const SLOT = Symbol('reusable-query slot')

interface Slot {
  readonly [SLOT]: number
}

const isSlot = (v: unknown): v is Slot => typeof v === 'object' && v !== null && SLOT in v

interface Shape {
  query: CompiledQuery<unknown>
  /** for each parameter of the statement: the argument it takes (a number), or the constant written in the query */
  bind: ({ arg: number } | { value: unknown })[]
}

/**
 * A query whose shape never changes, only its values: Kysely builds the operation tree, freezes it and compiles it to
 * SQL on every call, which on a hot read (the session of every request, a unit by code) costs more than SQLite takes
 * to answer. Here `build` runs once per dialect with a placeholder for each argument, and every call binds the
 * arguments into the compiled statement (on SQLite, the statement cache of `create-database.ts` then finds it
 * prepared; on PostgreSQL its marked text makes it a named statement on each connection, `prepared-statements.ts`).
 * Arguments must be plain values compared or bound as one parameter each (no lists: an IN list's length changes the
 * SQL, and a marked text must be one of a fixed set).
 */
export function reusableQuery<A extends readonly (string | number | null)[], R>(build: (db: Db, ...args: A) => Compilable<R> | RawBuilder<R>): (db: Db, ...args: A) => Promise<R[]> {
  // the SQL depends on the dialect only, and a transaction shares its database's adapter object
  const shapes = new WeakMap<object, Shape>()
  const shapeFor = (db: Db, arity: number): Shape => {
    const key = db.getExecutor().adapter
    let shape = shapes.get(key)
    if (!shape) {
      const slots = Array.from({ length: arity }, (_, i) => ({ [SLOT]: i }) as Slot)
      // a raw `sql` query compiles against an executor; a query builder ignores the argument
      const compiled = (build(db, ...(slots as unknown as A)) as RawBuilder<R>).compile(db) as CompiledQuery<unknown>
      const bind = compiled.parameters.map((p) => (isSlot(p) ? { arg: p[SLOT] } : { value: p }))
      // the mark tells PostgreSQL's client (prepared-statements.ts) that this text is fixed, so it is worth naming on
      // each connection; SQLite's statement cache keys by the whole text, comment included, and needs no such hint
      shape = { query: { ...compiled, sql: REUSABLE_SQL_MARK + compiled.sql }, bind }
      shapes.set(key, shape)
    }
    return shape
  }
  return async (db, ...args) => {
    const { query, bind } = shapeFor(db, args.length)
    const parameters = bind.map((b) => ('arg' in b ? args[b.arg] : b.value))
    const result = await db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>)
    return result.rows
  }
}
