import type { DatabaseHandle } from './db/create-database.js'
import { openLiveChannel } from './db/live-change-channel.js'
import { LiveChangeHub } from './domain/live/live-change-hub.js'

/**
 * A process's live-update hub over its database's change channel (PostgreSQL LISTEN/NOTIFY, SQLite live_changes).
 * The channel opens with the first subscription; close the hub (`live.close()`) before the database.
 */
export function createLiveChanges(database: DatabaseHandle): LiveChangeHub {
  return new LiveChangeHub(database.db, (handlers) => openLiveChannel(database, handlers))
}
