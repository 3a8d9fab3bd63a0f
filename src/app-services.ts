import type { AppConfig } from './config/config.js'
import type { DatabaseHandle } from './db/create-database.js'
import type { RollupSourceFactory } from './domain/exports/rollup-source.js'
import type { SessionCache } from './domain/accounts/session-cache.js'
import type { LiveChangeHub } from './domain/live/live-change-hub.js'
import type { RollupSettings } from './domain/rollup/rollup-settings.js'
import type { WorkerStatusBoard } from './http/worker-status.js'

/**
 * What a request needs from the process: built once at start-up (`buildAppServices`, src/bootstrap.ts), handed to
 * every request. Behaviour that differs between the server, tests and benches is chosen here, never by a
 * module-level switch.
 */
export interface AppServices {
  config: AppConfig
  database: DatabaseHandle
  /** How the rollup engine reads: the maintained state, and when to read whole tables (rollup-settings.ts). */
  rollup: RollupSettings
  /** Where consolidated exports read their figures: the rollup engine (`rollupEngineSource`) with `rollup`. */
  exportSource: RollupSourceFactory
  /** The worker processes as `tonghop serve` reports them, for GET /health. */
  workers: WorkerStatusBoard
  /** The pages subscribed to live updates in this process, and the channel to every process's commits (`createLiveChanges`). */
  live: LiveChangeHub
  /** The sessions this process has read, confirmed by every request that uses one (session-cache.ts). */
  sessions: SessionCache
}
