import { parseArgs } from 'node:util'
import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { createBackup } from '../domain/operations/backup-service.js'
import { UsageError, type CliCommand } from './usage-error.js'

export const backupCommand: CliCommand = {
  summary: 'Sao lưu toàn bộ cơ sở dữ liệu ra một tệp (trong khi máy chủ vẫn chạy)',
  help: `tonghop backup --out TỆP

Chép mọi bảng dữ liệu từ một ảnh chụp nhất quán (SQLite: giao dịch đọc trên WAL; PostgreSQL: REPEATABLE READ),
trong khi máy chủ và lệnh import vẫn ghi. Tệp có phần đầu ghi định dạng, loại cơ sở dữ liệu, phiên bản cấu trúc
(migration cuối cùng) và mã SHA-256 của dữ liệu. Tệp được ghi tạm rồi đổi tên khi đã xong và đã đồng bộ xuống đĩa.`,
  run: async (argv) => {
    let values
    try {
      values = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true }).values
    } catch (e) {
      throw new UsageError((e as Error).message)
    }
    if (!values.out) throw new UsageError('Cần --out TỆP')
    const database = openDatabase(loadConfig())
    try {
      const started = Date.now()
      const s = await createBackup(database, values.out)
      const rows = Object.values(s.header.rows).reduce((a, b) => a + b, 0)
      console.log(`Đã sao lưu ${rows} dòng của ${Object.keys(s.header.rows).length} bảng vào ${s.file} (${(s.bytes / 1048576).toFixed(1)} MiB, ${((Date.now() - started) / 1000).toFixed(1)} s).`)
      console.log(`  cơ sở dữ liệu: ${s.header.dialect}, cấu trúc ${s.header.schemaVersion}, SHA-256 ${s.header.payloadSha256}`)
      return 0
    } finally {
      await database.close()
    }
  },
}
