import type { AppServices } from '../../app-services.js'
import type { TemplateLayout } from '../../../exports/template-data.js'
import type { Actor } from '../admin/administration-service.js'
import { recordAudit } from '../audit/audit-service.js'
import type { Db } from '../database-handle.js'
import type { UnitRow } from '../units/unit-service.js'
import { buildConsolidatedReportData } from './build-consolidated-data.js'
import { exportFileNameOf, makeDownloadLink, templateFileName, type DownloadLink } from './export-service.js'
import { loadTemplateData } from './load-template-data.js'

/** A signed link to a template; the form, period and (table layout) children are checked now, so the link works. */
export async function requestTemplateLink(services: AppServices, db: Db, accountId: number, unit: UnitRow, req: { formCode: string; periodId: string; layout: TemplateLayout }): Promise<DownloadLink> {
  const data = await loadTemplateData(db, { unitCode: unit.code, formCode: req.formCode, periodId: req.periodId, layout: req.layout })
  return makeDownloadLink(services, 'template', { form: data.form.code, unit: unit.code, period: data.period.id, layout: req.layout }, accountId, templateFileName(data))
}

/** A signed link to the consolidated workbook; the figures are built once now to refuse a bad request early. Audited. */
export async function requestExportLink(
  services: AppServices, db: Db, actor: Actor, unit: UnitRow, req: { formCode: string; periodId: string; signerTitle?: string | null; signerName?: string | null; date?: string | null },
): Promise<DownloadLink> {
  const data = await buildConsolidatedReportData(db, { unitCode: unit.code, formCode: req.formCode, periodId: req.periodId, signerTitle: req.signerTitle, signerName: req.signerName, date: req.date }, services.exportSource(db))
  const params: Record<string, string> = { form: data.form.code, unit: unit.code, period: data.period.id }
  if (req.signerTitle) params.signerTitle = req.signerTitle.slice(0, 200)
  if (req.signerName) params.signerName = req.signerName.slice(0, 200)
  if (req.date) params.date = data.date
  const link = makeDownloadLink(services, 'export', params, actor.viewer.accountId, exportFileNameOf(data))
  await recordAudit(db, { action: 'export.requested', accountId: actor.viewer.accountId, username: actor.viewer.username, unitId: unit.id, target: `${data.form.code}/${data.period.id}`, clientAddress: actor.clientAddress })
  return link
}
