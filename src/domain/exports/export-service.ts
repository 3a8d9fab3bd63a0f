import { PassThrough } from 'node:stream'
import type { Kysely } from 'kysely'
import type { AppServices } from '../../app-services.js'
import type { Database } from '../../db/database-types.js'
import { consolidatedWorkbookBuffer, writeConsolidatedWorkbook } from '../../../exports/consolidated-workbook.js'
import type { ConsolidatedReportData } from '../../../exports/consolidated-report-data.js'
import type { TemplateLayout } from '../../../exports/template-data.js'
import { writeTemplateWorkbook } from '../../../exports/template-workbook.js'
import { DomainError } from '../domain-error.js'
import { buildConsolidatedReportData, type ConsolidatedExportRequest } from './build-consolidated-data.js'
import type { RollupSource } from './rollup-source.js'
import { signDownloadLink, type DownloadKind } from './download-link.js'
import { exportFileName, loadTemplateData } from './load-template-data.js'

export interface TemplateRequest {
  formCode: string
  unitCode: string
  periodId: string
  layout: TemplateLayout
}

export interface DownloadLink {
  url: string
  fileName: string
  expiresAt: string
}

export function templateFileName(d: { form: { code: string }; unit: { name: string }; period: { label: string }; layout: TemplateLayout }): string {
  return exportFileName([`Biểu ${d.form.code}${d.layout === 'table' ? ' (theo đơn vị)' : ''}`, d.unit.name, d.period.label])
}

export function exportFileNameOf(d: ConsolidatedReportData): string {
  return exportFileName([`Báo cáo tổng hợp ${d.form.code}`, d.unit.name, d.period.label])
}

export async function buildTemplate(db: Kysely<Database>, req: TemplateRequest): Promise<{ fileName: string; bytes: Buffer }> {
  const data = await loadTemplateData(db, req)
  return { fileName: templateFileName(data), bytes: await writeTemplateWorkbook(data) }
}

export async function buildConsolidatedExport(db: Kysely<Database>, req: ConsolidatedExportRequest, source: RollupSource): Promise<ConsolidatedReportData> {
  return buildConsolidatedReportData(db, req, source)
}

export { consolidatedWorkbookBuffer }

/** Streams the workbook: the returned stream ends when the writer has committed the last sheet. */
export function consolidatedWorkbookStream(data: ConsolidatedReportData): PassThrough {
  const out = new PassThrough()
  writeConsolidatedWorkbook(data, out).then(
    () => {
      if (!out.writableEnded) out.end()
    },
    (e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))),
  )
  return out
}

export function makeDownloadLink(services: AppServices, kind: DownloadKind, params: Record<string, string>, accountId: number, fileName: string): DownloadLink {
  const secret = services.config.secret
  if (!secret) throw new DomainError('DOWNLOAD_UNAVAILABLE', 'Máy chủ chưa được cấu hình khóa ký (TONGHOP_SECRET) nên không tạo được liên kết tải về')
  const link = signDownloadLink(secret, kind, params, accountId)
  return { url: `${services.config.publicUrl.replace(/\/+$/, '')}${link.pathAndQuery}`, fileName, expiresAt: link.expiresAt.toISOString() }
}
