import pg from 'pg'

// PostgreSQL parses, analyses and plans every unnamed statement it is sent; for the point reads every request runs
// (the session, the unit by code, the access check, the rollup head) that costs the server more than executing them.
// A named statement is parsed once per connection and then only bound and executed. Only statements whose text never
// changes are named: naming every text would grow each connection's cache without bound (IN lists of every length).
// The text itself says whether it is such a statement (reusable-query.ts writes this mark in front of what it
// compiles), so no process-wide list of texts has to be kept in step with the connections that use them.

/** Written in front of a statement whose text is fixed by the code (SQLite and PostgreSQL both ignore the comment). */
export const REUSABLE_SQL_MARK = '/* tonghop:reusable */ '

/** The server refuses a named statement whose result columns changed since it was parsed (a migration added one). */
const CACHED_PLAN_RESULT_CHANGED = '0A000'
const IN_FAILED_TRANSACTION = '25P02'

/**
 * A pg client that sends marked statements by name. The names belong to this connection (the server's named
 * statements are per session): the marked texts are a fixed set written in the code, so each connection's cache
 * stays bounded. When a statement's table changed shape after this connection had parsed it (a migration while the
 * pool is open), the text gets a new name on this connection and the call is retried once; the old name is never
 * sent again.
 */
export class PreparingClient extends pg.Client {
  readonly #names = new Map<string, string>()
  #issued = 0

  #rename(sql: string): string {
    const name = `s${++this.#issued}`
    this.#names.set(sql, name)
    return name
  }

  // pg.Client's overloads (text, config, submittable, callbacks) stay as they are; only (text, values) promises are named
  override query(...args: unknown[]): never {
    const [text, values, callback] = args
    const call = (super.query as (...a: unknown[]) => never).bind(this)
    const named = typeof text === 'string' && text.startsWith(REUSABLE_SQL_MARK) && callback === undefined && (values === undefined || Array.isArray(values))
    if (!named) return call(...args)
    const sql = text as string
    const name = this.#names.get(sql) ?? this.#rename(sql)
    return (call({ name, text: sql, values }) as Promise<unknown>).catch((error: unknown) => {
      if ((error as { code?: string }).code !== CACHED_PLAN_RESULT_CHANGED) throw error
      // a call queued behind the one that renamed the text was sent under the old name: it retries under the new one
      const fresh = this.#names.get(sql) === name ? this.#rename(sql) : (this.#names.get(sql) as string)
      // inside a transaction the refusal has aborted it: the retry's "transaction is aborted" would hide the cause
      return (call({ name: fresh, text: sql, values }) as Promise<unknown>).catch((retryError: unknown) => {
        throw (retryError as { code?: string }).code === IN_FAILED_TRANSACTION ? error : retryError
      })
    }) as never
  }
}
