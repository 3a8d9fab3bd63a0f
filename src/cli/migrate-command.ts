import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { migrateToLatest } from '../db/migrate.js'
import type { CliCommand } from './usage-error.js'

export const migrateCommand: CliCommand = {
  summary: 'Nâng cấp cấu trúc cơ sở dữ liệu lên phiên bản mới nhất',
  help: 'tonghop migrate\n\nChạy các migration còn thiếu (cũng tự chạy khi máy chủ khởi động).',
  run: async () => {
    const database = openDatabase(loadConfig())
    try {
      const results = await migrateToLatest(database.db)
      console.log(results.length ? results.map((r) => `${r.status === 'Success' ? 'đã chạy' : r.status}: ${r.migrationName}`).join('\n') : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.')
      return 0
    } finally {
      await database.close()
    }
  },
}
