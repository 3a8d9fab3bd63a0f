import { parseArgs } from 'node:util'
import { writeConsolidatedWorkbook } from '../../exports/consolidated-workbook.js'
import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { buildConsolidatedExport } from '../domain/exports/export-service.js'
import { rollupEngineSource } from '../domain/exports/rollup-engine-source.js'
import { UsageError, type CliCommand } from './usage-error.js'

export const exportCommand: CliCommand = {
  summary: 'Xuất báo cáo tổng hợp Excel theo thể thức văn bản cho một đơn vị, một biểu, một kỳ',
  help: `tonghop export --unit CODE --form CODE --period ID --out FILE [--signer-title T] [--signer-name N] [--date YYYY-MM-DD]

Ghi các sheet "Tổng hợp", "Chi tiết", "Tình hình báo cáo", "Ý kiến" (tệp nhập lại được như báo cáo tổng hợp của đơn vị).`,
  run: async (argv) => {
    const { values } = parseArgs({
      args: argv,
      options: { unit: { type: 'string' }, form: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' }, 'signer-title': { type: 'string' }, 'signer-name': { type: 'string' }, date: { type: 'string' } },
      strict: true,
    })
    for (const k of ['unit', 'form', 'period', 'out'] as const) if (!values[k]) throw new UsageError(`Thiếu --${k}`)
    if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError(`--date phải có dạng YYYY-MM-DD (nhận "${values.date}")`)
    const database = openDatabase(loadConfig())
    try {
      const data = await buildConsolidatedExport(database.db, {
        unitCode: values.unit as string,
        formCode: values.form as string,
        periodId: values.period as string,
        signerTitle: values['signer-title'] ?? null,
        signerName: values['signer-name'] ?? null,
        date: values.date ?? null,
      }, rollupEngineSource(database.db))
      await writeConsolidatedWorkbook(data, { filename: values.out as string })
      console.log(`Đã ghi ${values.out}`)
      return 0
    } finally {
      await database.close()
    }
  },
}
