import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { restoreBackup } from '../domain/operations/backup-service.js'
import { UsageError, type CliCommand } from './usage-error.js'

export const restoreCommand: CliCommand = {
  summary: 'Khôi phục một tệp sao lưu vào cơ sở dữ liệu trống',
  help: `tonghop restore TỆP

Khôi phục vào cơ sở dữ liệu đang cấu hình (TONGHOP_DB_FILE hoặc DATABASE_URL), chỉ khi nó trống.
Từ chối, không thay đổi gì, khi: tệp bị hỏng (SHA-256 không khớp, bị cắt cụt), tệp có cấu trúc mới hơn bản tonghop
này, hoặc cơ sở dữ liệu đích đã có dữ liệu. Tệp sao lưu từ SQLite khôi phục được vào PostgreSQL và ngược lại.
Sau đó chạy "tonghop verify".`,
  run: async (argv) => {
    if (argv.length !== 1 || argv[0]?.startsWith('-')) throw new UsageError('Cần đúng một tệp sao lưu')
    const database = openDatabase(loadConfig())
    try {
      const s = await restoreBackup(database, argv[0] as string)
      const rows = Object.values(s.rows).reduce((a, b) => a + b, 0)
      console.log(`Đã khôi phục ${rows} dòng (sao lưu lúc ${s.header.createdAt}, cấu trúc ${s.header.schemaVersion}); đã dựng lại ${s.rollupPairs} bảng tổng hợp.`)
      return 0
    } finally {
      await database.close()
    }
  },
}
