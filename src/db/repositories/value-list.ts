import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely'
import type { Database } from '../database-types.js'
import { isPostgres } from './sql-dialect.js'

/**
 * Lists up to this length are bound one parameter per value (`IN ($1, $2, …)`, what the planners know best); longer
 * ones, which would pass SQLite's 32,766-variable or PostgreSQL's 65,535-parameter limit, go as ONE JSON parameter that
 * the database expands (json_each / jsonb_array_elements_text). Either way a single statement, so ordering, LIMIT and
 * keyset pagination work as with a short list.
 */
export const INLINE_VALUES_MAX = 2000

/** `column IN (values)` for a list of any length (empty: false). `column` is a Kysely reference such as `u.id`. */
export function inValues(db: Kysely<Database>, column: string, values: readonly (number | string)[]): RawBuilder<SqlBool> {
  const ref = sql.ref(column)
  if (values.length === 0) return sql<SqlBool>`1 = 0`
  const distinct = [...new Set(values)]
  if (distinct.length <= INLINE_VALUES_MAX) return sql<SqlBool>`${ref} in (${sql.join(distinct)})`
  const json = JSON.stringify(distinct)
  if (!isPostgres(db)) return sql<SqlBool>`${ref} in (select value from json_each(${json}))`
  const numeric = distinct.every((v) => typeof v === 'number')
  return numeric
    ? sql<SqlBool>`${ref} in (select jsonb_array_elements_text(${json}::jsonb)::bigint)`
    : sql<SqlBool>`${ref} in (select jsonb_array_elements_text(${json}::jsonb))`
}
