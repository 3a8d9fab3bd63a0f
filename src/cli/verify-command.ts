import { parseArgs } from 'node:util'
import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { verifyDatabase } from '../domain/operations/verify-service.js'
import { UsageError, type CliCommand } from './usage-error.js'

export const verifyCommand: CliCommand = {
  summary: 'Kiểm tra cơ sở dữ liệu: toàn vẹn, từng báo cáo so với tệp gốc, số liệu tổng hợp',
  help: `tonghop verify [--json]

1. Kiểm tra toàn vẹn của cơ sở dữ liệu (SQLite: integrity_check và khóa ngoại; PostgreSQL: khóa ngoại).
2. Mỗi báo cáo đã lưu: đủ các lần cập nhật, số liệu hiện hành đúng bằng lần cập nhật cuối, và bằng số liệu đọc lại
   từ tệp gốc đã lưu (đọc như khi tải lên, không ghi gì).
3. Số liệu tổng hợp đã lưu bằng số liệu tính lại từ đầu (tính trong một giao dịch rồi hủy: không thay đổi gì).
Mã thoát: 0 không có vấn đề, 1 có vấn đề (in ra từng vấn đề).`,
  run: async (argv) => {
    let values
    try {
      values = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true }).values
    } catch (e) {
      throw new UsageError((e as Error).message)
    }
    const database = openDatabase(loadConfig())
    try {
      const r = await verifyDatabase(database)
      if (values.json) console.log(JSON.stringify(r))
      else {
        console.log(`Báo cáo đã kiểm tra: ${r.returns} (đọc lại ${r.filesReread} tệp gốc; ${r.returnsWithoutFile} báo cáo không có tệp gốc)`)
        console.log(`Tổng hợp đã so với tính lại từ đầu: ${r.rollupPairs} cặp biểu/kỳ`)
        for (const p of r.problems) console.log(`  LỖI ${p.code}: ${p.message}`)
        console.log(r.ok ? 'Kết quả: không có vấn đề nào. (verify passed)' : `Kết quả: ${r.problems.length} vấn đề. (verify FAILED)`)
      }
      return r.ok ? 0 : 1
    } finally {
      await database.close()
    }
  },
}
