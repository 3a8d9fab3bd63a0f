import ExcelJS from 'exceljs'
import { expect } from 'vitest'
import { buildTemplate } from '../../src/domain/exports/export-service.js'
import { importReturnFile } from '../../src/domain/returns/import-return.js'
import { transitionReturn } from '../../src/domain/returns/return-workflow.js'
import type { Kysely } from 'kysely'
import type { AppServices } from '../../src/app-services.js'
import type { Database } from '../../src/db/database-types.js'

const system = { accountId: null, username: 'test' }

/** A form-layout template filled as a clerk would: column E of each indicator's row (numbers, "Có"/"Không", choices, texts). */
export async function fillFormTemplate(bytes: Buffer, values: Record<string, number | string>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheet = wb.getWorksheet('Biểu 01')
  if (!sheet) throw new Error('no Biểu 01')
  sheet.eachRow((row) => {
    const code = row.getCell(2).value
    if (typeof code === 'string' && code in values) row.getCell(5).value = values[code] as number | string
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Files and submits a unit's own return through the real importer and workflow (rollups count submitted returns). */
export async function fileReturn(app: { db: Kysely<Database>; services: AppServices }, unitCode: string, formCode: string, periodId: string, values: Record<string, number | string>): Promise<void> {
  const t = await buildTemplate(app.db, { formCode, unitCode, periodId, layout: 'form' })
  const result = await importReturnFile(app.services, { bytes: await fillFormTemplate(t.bytes, values), fileName: t.fileName, dryRun: false, actor: system })
  expect(result.outcome, JSON.stringify(result.findings)).toBe('committed')
  for (const r of result.returns) await transitionReturn(app.services.database, r.returnId as number, 'submit', system)
}
