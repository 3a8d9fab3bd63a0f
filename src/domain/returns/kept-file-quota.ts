import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { isFileStored, keptEvidenceBytes } from '../../db/repositories/upload.repository.js'
import { importWarning, type ImportFinding } from '../../../importers/import-finding.js'

/**
 * A committed file is always kept (it is what the figures came from). A refused or duplicate one is kept as evidence
 * only within these limits; beyond them the upload is still recorded (name, size, SHA-256, uploader, time, findings)
 * without its bytes. Ten refused 10 MB files grew a database from 54 MB to 170 MB before these limits.
 */
export interface KeptFileQuota {
  /** Larger refused files are never kept (a ward's return is about 40 KB). */
  fileBytes: number
  /** Per account, over the last 24 hours. */
  accountBytesPerDay: number
  /** For everyone together, over the last 24 hours. */
  totalBytesPerDay: number
}

export const DEFAULT_KEPT_FILE_QUOTA: KeptFileQuota = { fileBytes: 1024 * 1024, accountBytesPerDay: 20 * 1024 * 1024, totalBytesPerDay: 200 * 1024 * 1024 }

export type DropReason = 'same_file' | 'file_size' | 'account_budget' | 'total_budget'

const DAY_MS = 24 * 60 * 60 * 1000
const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`

/** Why a non-committed file's bytes should not be kept, or null to keep them. */
export async function dropReason(db: Kysely<Database>, file: { sha256: string; size: number; accountId: number | null }, quota: KeptFileQuota, now: Date): Promise<DropReason | null> {
  if (await isFileStored(db, file.sha256)) return 'same_file'
  if (file.size > quota.fileBytes) return 'file_size'
  const since = new Date(now.getTime() - DAY_MS).toISOString()
  if ((await keptEvidenceBytes(db, since, file.accountId)) + file.size > quota.accountBytesPerDay) return 'account_budget'
  if ((await keptEvidenceBytes(db, since, undefined)) + file.size > quota.totalBytesPerDay) return 'total_budget'
  return null
}

/** What the clerk is told when a refused file is not kept (nothing is said when the same file is already stored). */
export function notKeptFinding(reason: DropReason, quota: KeptFileQuota): ImportFinding | null {
  const why =
    reason === 'file_size'
      ? `tệp lớn hơn ${mb(quota.fileBytes)}`
      : reason === 'account_budget'
        ? `tài khoản đã dùng hết ${mb(quota.accountBytesPerDay)} lưu tệp bị từ chối trong 24 giờ qua`
        : reason === 'total_budget'
          ? `hệ thống đã dùng hết ${mb(quota.totalBytesPerDay)} lưu tệp bị từ chối trong 24 giờ qua`
          : null
  if (!why) return null
  return importWarning('UPLOAD_FILE_NOT_KEPT', `Tệp bị từ chối không được lưu lại trên máy chủ vì ${why}; hệ thống chỉ ghi tên, kích thước, mã SHA-256 và các lỗi. Đồng chí hãy giữ tệp gốc, sửa theo các lỗi trên rồi tải lên lại.`)
}
