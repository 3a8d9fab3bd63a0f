import { expect } from 'vitest'
import { fillFormTemplate } from '../../exports/fill-form-template.js'
import { buildTemplate } from '../../src/domain/exports/export-service.js'
import { importReturnFile } from '../../src/domain/returns/import-return.js'
import { transitionReturn } from '../../src/domain/returns/return-workflow.js'
import type { Kysely } from 'kysely'
import type { AppServices } from '../../src/app-services.js'
import type { Database } from '../../src/db/database-types.js'

const system = { accountId: null, username: 'test' }

export { fillFormTemplate }

/** Files and submits a unit's own return through the real importer and workflow (rollups count submitted returns). */
export async function fileReturn(app: { db: Kysely<Database>; services: AppServices }, unitCode: string, formCode: string, periodId: string, values: Record<string, number | string>): Promise<void> {
  const t = await buildTemplate(app.db, { formCode, unitCode, periodId, layout: 'form' })
  const result = await importReturnFile(app.services, { bytes: await fillFormTemplate(t.bytes, values), fileName: t.fileName, dryRun: false, actor: system })
  expect(result.outcome, JSON.stringify(result.findings)).toBe('committed')
  for (const r of result.returns) await transitionReturn(app.services.database, r.returnId as number, 'submit', system)
}
