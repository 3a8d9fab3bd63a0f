import type { AppConfig } from './config/config.js'
import type { DatabaseHandle } from './db/create-database.js'
import type { RollupSourceFactory } from './domain/exports/rollup-source.js'
import type { LiveChangeHub } from './domain/live/live-change-hub.js'

/** What a request needs from the process: built once at start-up, handed to every request. */
export interface AppServices {
  config: AppConfig
  database: DatabaseHandle
  /** Where consolidated exports read their figures: the rollup engine (`rollupEngineSource`). */
  exportSource: RollupSourceFactory
  /** The pages subscribed to live updates in this process, and the channel to every process's commits (`createLiveChanges`). */
  live: LiveChangeHub
}
