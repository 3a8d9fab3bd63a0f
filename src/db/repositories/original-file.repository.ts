import type { Kysely } from 'kysely'
import type { Database } from '../database-types.js'

type Db = Kysely<Database>

/** The file a revision of a return was read from, as uploaded. */
export async function findRevisionFile(db: Db, returnId: number, revision: number): Promise<{ file_name: string; content: Buffer; sha256: string } | undefined> {
  return db
    .selectFrom('return_revisions as r')
    .innerJoin('uploads as u', 'u.id', 'r.upload_id')
    .select(['u.file_name', 'u.content', 'u.sha256'])
    .where('r.return_id', '=', returnId)
    .where('r.number', '=', revision)
    .executeTakeFirst()
}
