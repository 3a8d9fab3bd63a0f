import pg from 'pg'

// PostgreSQL parses, analyses and plans every unnamed statement it is sent; for the point reads every request runs
// (the session, the unit by code, the access check, the rollup head) that costs the server more than executing them.
// A named statement is parsed once per connection and then only bound and executed. Only statements whose text never
// changes are named (reusable-query.ts registers them): naming every text would grow each connection's cache
// without bound (IN lists of every length).

const names = new Map<string, string>()
let generation = 0

/** Names the statement `sql` on every PostgreSQL connection from now on (idempotent). */
export function registerPreparedStatement(sql: string): void {
  if (!names.has(sql)) names.set(sql, `tonghop_${names.size + 1}`)
}

/** The server refuses a named statement whose result columns changed since it was parsed (a migration added one). */
const CACHED_PLAN_RESULT_CHANGED = '0A000'
const IN_FAILED_TRANSACTION = '25P02'

/**
 * A pg client that sends registered statements by name. When a statement's table changed shape under a connection
 * that had parsed it (a migration while the pool is open), the statement gets a new name everywhere and the call
 * is retried once; connections still holding the old name never use it again.
 */
export class PreparingClient extends pg.Client {
  // pg.Client's overloads (text, config, submittable, callbacks) stay as they are; only (text, values) promises are named
  override query(...args: unknown[]): never {
    const [text, values, callback] = args
    const name = typeof text === 'string' && callback === undefined && (values === undefined || Array.isArray(values)) ? names.get(text) : undefined
    const call = (super.query as (...a: unknown[]) => never).bind(this)
    if (name === undefined) return call(...args)
    const sql = text as string
    return (call({ name, text: sql, values }) as Promise<unknown>).catch((error: unknown) => {
      if ((error as { code?: string }).code !== CACHED_PLAN_RESULT_CHANGED || names.get(sql) !== name) throw error
      names.set(sql, `${name}_${++generation}`)
      // inside a transaction the refusal has aborted it: the retry's "transaction is aborted" would hide the cause
      return (call({ name: names.get(sql), text: sql, values }) as Promise<unknown>).catch((retryError: unknown) => {
        throw (retryError as { code?: string }).code === IN_FAILED_TRANSACTION ? error : retryError
      })
    }) as never
  }
}
