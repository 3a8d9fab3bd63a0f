/**
 * The states of a database an operator meets (not a database, disk full, unreachable …), each with a stable code and
 * a message in Vietnamese then English that says what to check. Driver errors carry codes, not advice.
 */
export class DatabaseStateError extends Error {
  constructor(
    readonly code: string,
    vietnamese: string,
    english: string,
  ) {
    super(`${code}: ${vietnamese}\n  (${english})`)
    this.name = 'DatabaseStateError'
  }
}

interface DriverError {
  code?: string
  message?: string
}

/** The operator's reading of a driver error, or null when it is not one of the known states. */
export function explainDatabaseError(e: unknown, where = 'cơ sở dữ liệu'): DatabaseStateError | null {
  if (e instanceof DatabaseStateError) return e
  const code = (e as DriverError | null)?.code
  switch (code) {
    case 'SQLITE_NOTADB':
      return new DatabaseStateError(
        'DB_NOT_A_DATABASE',
        `${where} không phải tệp cơ sở dữ liệu SQLite (hoặc phần đầu tệp đã hỏng). Hãy kiểm tra TONGHOP_DB_FILE có trỏ đúng tệp không; tệp này không bị ghi gì. Nếu tệp đúng mà hỏng, khôi phục từ bản sao lưu (tonghop restore).`,
        `${where} is not an SQLite database (or its header is damaged). Check TONGHOP_DB_FILE; nothing was written to the file. If it is the right file, restore from a backup.`,
      )
    case 'SQLITE_CORRUPT':
      return new DatabaseStateError(
        'DB_CORRUPT',
        `${where} bị hỏng. Đừng ghi thêm vào tệp: dừng máy chủ, chép tệp ra chỗ khác để giữ lại, rồi khôi phục từ bản sao lưu gần nhất (tonghop restore) và chạy tonghop verify.`,
        `${where} is corrupt. Stop writing to it: stop the server, keep a copy aside, restore the latest backup and run tonghop verify.`,
      )
    case 'SQLITE_FULL':
    case '53100':
      return new DatabaseStateError(
        'DB_DISK_FULL',
        `Ổ đĩa chứa ${where} đã đầy: thao tác vừa rồi không được lưu (không có gì bị ghi dở). Hãy giải phóng dung lượng ổ đĩa rồi làm lại.`,
        `The disk holding the database is full: the last operation was not saved (nothing half-written). Free some space and try again.`,
      )
    case 'SQLITE_CANTOPEN':
      return new DatabaseStateError(
        'DB_CANNOT_OPEN',
        `Không mở được ${where}: thư mục không tồn tại hoặc không có quyền đọc ghi. Hãy kiểm tra TONGHOP_DB_FILE và quyền của thư mục.`,
        `Cannot open the database: the folder does not exist or is not writable. Check TONGHOP_DB_FILE and the folder's permissions.`,
      )
    case 'SQLITE_READONLY':
      return new DatabaseStateError('DB_READ_ONLY', `${where} chỉ đọc được, không ghi được (quyền tệp, hoặc ổ đĩa chỉ đọc).`, 'The database is read-only (file permissions, or a read-only disk).')
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
      return new DatabaseStateError(
        'DB_UNREACHABLE',
        'Không kết nối được máy chủ PostgreSQL trong DATABASE_URL (máy chủ chưa chạy, sai địa chỉ hoặc cổng).',
        'Cannot reach the PostgreSQL server in DATABASE_URL (not running, wrong host or port).',
      )
    case '3D000':
      return new DatabaseStateError('DB_NOT_FOUND', 'Database trong DATABASE_URL chưa được tạo trên máy chủ PostgreSQL (createdb).', 'The database named in DATABASE_URL does not exist on the PostgreSQL server (createdb it).')
    case '28P01':
      return new DatabaseStateError('DB_LOGIN_FAILED', 'Sai tên đăng nhập hoặc mật khẩu PostgreSQL trong DATABASE_URL.', 'Wrong PostgreSQL user or password in DATABASE_URL.')
    default:
      return null
  }
}
