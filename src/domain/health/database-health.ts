import type { DatabaseHandle } from '../../db/create-database.js'
import { pingDatabase } from '../../db/repositories/health.repository.js'

export interface DatabaseHealth {
  dialect: 'sqlite' | 'postgres'
  state: 'ok' | 'unreachable'
  latencyMs: number
}

/** Pings the database, giving up after `timeoutMs` (a PostgreSQL host that drops packets would hang a connect). */
export async function databaseHealth(database: DatabaseHandle, timeoutMs = 2000): Promise<DatabaseHealth> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
  })
  try {
    await Promise.race([pingDatabase(database.db), timeout])
    return { dialect: database.dialect, state: 'ok', latencyMs: Math.round(performance.now() - started) }
  } catch {
    // no detail: the reason (a host, a path, a driver message) is for the server's operators, not for anyone polling
    return { dialect: database.dialect, state: 'unreachable', latencyMs: Math.round(performance.now() - started) }
  } finally {
    clearTimeout(timer)
  }
}
