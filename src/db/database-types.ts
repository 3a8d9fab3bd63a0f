import type { AccountTables } from './tables/account-tables.js'
import type { FoundationTables } from './tables/foundation-tables.js'
import type { LineageTables } from './tables/lineage-tables.js'
import type { LiveTables } from './tables/live-tables.js'
import type { ReturnTables } from './tables/return-tables.js'
import type { RollupTables } from './tables/rollup-tables.js'

/** Each feature declares its tables in src/db/tables/; the database is their union. */
export interface Database extends FoundationTables, AccountTables, ReturnTables, RollupTables, LiveTables, LineageTables {}
