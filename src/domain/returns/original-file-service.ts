import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findRevisionFile } from '../../db/repositories/original-file.repository.js'
import { findReturnById, type ReturnRow } from '../../db/repositories/return.repository.js'
import type { AccessScope } from '../access/access-scope.js'
import { DomainError } from '../domain-error.js'

type Db = Kysely<Database>

/** A return the viewer may read (any role over its unit); anything else looks like a return that does not exist. */
export async function readableReturnById(db: Db, access: AccessScope, id: number): Promise<ReturnRow> {
  const ret = await findReturnById(db, id)
  if (!ret || !(await access.canRead(ret.unit_id))) throw new DomainError('RETURN_NOT_FOUND', 'Không tìm thấy báo cáo.')
  return ret
}

/** The original file of one revision of a readable return: bytes as uploaded, with its name. */
export async function originalFileOf(db: Db, access: AccessScope, returnId: number, revision: number): Promise<{ fileName: string; bytes: Buffer }> {
  const ret = await readableReturnById(db, access, returnId)
  const file = await findRevisionFile(db, ret.id, revision)
  if (!file) throw new DomainError('ORIGINAL_FILE_NOT_FOUND', `Lần cập nhật ${revision} của báo cáo này không có tệp gốc.`)
  return { fileName: file.file_name, bytes: Buffer.from(file.content) }
}
