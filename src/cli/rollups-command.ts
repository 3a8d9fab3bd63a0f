import { parseArgs } from 'node:util'
import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { rebuildAllRollups } from '../domain/rollup/rollup-maintenance.js'
import { UsageError, type CliCommand } from './usage-error.js'

export const rollupsCommand: CliCommand = {
  summary: 'Sửa chữa số liệu tổng hợp: tính lại toàn bộ từ các báo cáo đã nộp',
  help: `tonghop rollups rebuild [--form CODE] [--period ID]

Tính lại từ đầu số liệu tổng hợp đã lưu của mọi biểu và kỳ có báo cáo (hoặc chỉ một biểu, một kỳ), mỗi cặp trong một
giao dịch. Chỉ cần khi dữ liệu được ghi thẳng vào cơ sở dữ liệu (nạp hàng loạt bằng SQL, khôi phục bản sao); mọi
thao tác qua tonghop đã tự cập nhật số liệu tổng hợp.`,
  run: async (argv) => {
    const [verb, ...rest] = argv
    if (verb !== 'rebuild') throw new UsageError(verb ? `Lệnh con không có: "${verb}"` : 'Thiếu lệnh con (rebuild)')
    const { values } = parseArgs({ args: rest, options: { form: { type: 'string' }, period: { type: 'string' } }, strict: true })
    const database = openDatabase(loadConfig())
    try {
      const t = performance.now()
      const done = await rebuildAllRollups(database.db, { ...(values.form ? { formCode: values.form } : {}), ...(values.period ? { periodId: values.period } : {}) })
      for (const d of done) console.log(`${d.formCode} ${d.periodId}: ${d.nodes} đơn vị có số liệu`)
      console.log(`Đã tính lại ${done.length} cặp biểu–kỳ trong ${Math.round(performance.now() - t)} ms.`)
      return 0
    } finally {
      await database.close()
    }
  },
}
