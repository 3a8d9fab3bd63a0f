import type { Kysely } from 'kysely'
import type { Database } from '../db/database-types.js'

/** The database handle services take (a connection or a transaction). The API layer names it through here. */
export type Db = Kysely<Database>
