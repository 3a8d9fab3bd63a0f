import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { buildTemplate } from '../domain/exports/export-service.js'
import { UsageError, type CliCommand } from './usage-error.js'

export const templateCommand: CliCommand = {
  summary: 'Ghi mẫu biểu Excel để nhập số liệu cho một đơn vị và một kỳ',
  help: `tonghop template --form CODE --unit CODE --period ID [--layout form|table] --out FILE

--layout form (mặc định): một đơn vị, mỗi dòng một chỉ tiêu (sheet "Biểu 01").
--layout table: mỗi dòng một đơn vị trực thuộc được giao biểu, mỗi cột một chỉ tiêu (sheet "Biểu 02").
Ví dụ: tonghop template --form BC-YT72 --unit 01.PL --period 2026S1 --out bieu.xlsx`,
  run: async (argv) => {
    const { values } = parseArgs({ args: argv, options: { form: { type: 'string' }, unit: { type: 'string' }, period: { type: 'string' }, layout: { type: 'string' }, out: { type: 'string' } }, strict: true })
    for (const k of ['form', 'unit', 'period', 'out'] as const) if (!values[k]) throw new UsageError(`Thiếu --${k}`)
    const layout = values.layout ?? 'form'
    if (layout !== 'form' && layout !== 'table') throw new UsageError(`--layout phải là form hoặc table (nhận "${layout}")`)
    const database = openDatabase(loadConfig())
    try {
      const t = await buildTemplate(database.db, { formCode: values.form as string, unitCode: values.unit as string, periodId: values.period as string, layout })
      writeFileSync(values.out as string, t.bytes)
      console.log(`Đã ghi ${values.out} (${t.fileName})`)
      return 0
    } finally {
      await database.close()
    }
  },
}
