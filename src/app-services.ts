import type { AppConfig } from './config/config.js'
import type { DatabaseHandle } from './db/create-database.js'

/** What a request needs from the process: built once at start-up, handed to every request. */
export interface AppServices {
  config: AppConfig
  database: DatabaseHandle
}
