import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { hasReferenceData } from '../../db/repositories/readiness.repository.js'
import { OperationError } from './operation-error.js'

/**
 * A database that was migrated but never seeded has no units and no forms, so every file would be refused as "not a
 * known form", which sends the clerk looking at a file that is fine. Say what is really missing, before any file.
 */
export async function assertReadyForImport(db: Kysely<Database>): Promise<void> {
  const { units, forms } = await hasReferenceData(db)
  if (units && forms) return
  const missing = [!units ? 'đơn vị' : null, !forms ? 'biểu mẫu' : null].filter(Boolean).join(' và ')
  throw new OperationError(
    'IMPORT_DATABASE_NOT_SEEDED',
    `Cơ sở dữ liệu chưa có ${missing} nào (chưa nạp dữ liệu): các tệp không có lỗi gì, nhưng chưa thể nhận. Hãy chạy "tonghop seed" (hoặc khôi phục bản sao lưu bằng "tonghop restore") rồi nhập lại. Chưa tệp nào được lưu.`,
    `The database has no ${[!units ? 'units' : null, !forms ? 'forms' : null].filter(Boolean).join(' and ')} yet (never seeded): the files are not at fault. Run "tonghop seed" (or restore a backup), then import again. No file was stored.`,
  )
}
