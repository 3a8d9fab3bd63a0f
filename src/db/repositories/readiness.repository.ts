import type { Kysely } from 'kysely'
import type { Database } from '../database-types.js'

/** Whether the reference data an import needs exists at all: one unit and one form are enough to tell. */
export async function hasReferenceData(db: Kysely<Database>): Promise<{ units: boolean; forms: boolean }> {
  const [unit, form] = await Promise.all([db.selectFrom('units').select('id').limit(1).executeTakeFirst(), db.selectFrom('forms').select('id').limit(1).executeTakeFirst()])
  return { units: unit !== undefined, forms: form !== undefined }
}
