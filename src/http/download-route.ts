import { Readable } from 'node:stream'
import { AccessScope } from '../domain/access/access-scope.js'
import { recordAudit } from '../domain/audit/audit-service.js'
import { contentDisposition, DOWNLOAD_PREFIX, verifyDownloadLink } from '../domain/exports/download-link.js'
import { buildConsolidatedExport, buildTemplate, consolidatedWorkbookStream, exportFileNameOf } from '../domain/exports/export-service.js'
import { originalFileOf } from '../domain/returns/original-file-service.js'
import { unitByCode } from '../domain/units/unit-service.js'
import { expectedFailureOf, expectedFailureResponse } from './error-masking.js'
import { viewerOfRequest } from './request-viewer.js'
import type { RestRoute } from './rest-routes.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** One answer for every refused link (bad signature, expired, another account, no token, out of scope): nothing leaks. */
function notFound(): Response {
  return Response.json({ error: 'Liên kết tải về không hợp lệ hoặc đã hết hạn' }, { status: 404, headers: { 'cache-control': 'no-store' } })
}

function fileHeaders(fileName: string, length?: number): Record<string, string> {
  return {
    'content-type': XLSX,
    'content-disposition': contentDisposition(fileName),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(length !== undefined ? { 'content-length': String(length) } : {}),
  }
}

/** GET /download/template|export?…&acct&exp&sig, with the Bearer token or session cookie of the account the link was made for. */
export const downloadRoute: RestRoute = async (services, request, url, clientAddress) => {
  if (!url.pathname.startsWith(DOWNLOAD_PREFIX)) return null
  if (request.method !== 'GET') return notFound()
  const { viewer } = await viewerOfRequest(services, request)
  const secret = services.config.secret
  const link = secret && viewer ? verifyDownloadLink(secret, url, viewer.accountId) : null
  if (!link || !viewer) return notFound()
  const db = services.database.db
  const p = link.params
  if (link.kind === 'upload') {
    // The original file of a revision: any role over the return's unit, checked again at download.
    const file = await originalFileOf(db, new AccessScope(db, viewer), Number(p.ret), Number(p.rev)).catch(() => null)
    return file ? new Response(new Uint8Array(file.bytes), { status: 200, headers: fileHeaders(file.fileName, file.bytes.length) }) : notFound()
  }
  const unit = await unitByCode(db, p.unit ?? '')
  if (!unit) return notFound()
  // Roles are checked again: a grant withdrawn after the link was made stops the download.
  const access = new AccessScope(db, viewer)
  try {
    if (link.kind === 'template') {
      if (!(await access.hasRole(unit.id, 'submitter')) && !(await access.hasRole(unit.id, 'exporter'))) return notFound()
      const t = await buildTemplate(db, { formCode: p.form ?? '', unitCode: unit.code, periodId: p.period ?? '', layout: p.layout === 'table' ? 'table' : 'form' })
      return new Response(new Uint8Array(t.bytes), { status: 200, headers: fileHeaders(t.fileName, t.bytes.length) })
    }
    if (!(await access.hasRole(unit.id, 'exporter'))) return notFound()
    const data = await buildConsolidatedExport(db, { unitCode: unit.code, formCode: p.form ?? '', periodId: p.period ?? '', signerTitle: p.signerTitle ?? null, signerName: p.signerName ?? null, date: p.date ?? null }, services.exportSource(db))
    await recordAudit(db, { action: 'export.downloaded', accountId: viewer.accountId, username: viewer.username, unitId: unit.id, target: `${data.form.code}/${data.period.id}`, clientAddress })
    const body = Readable.toWeb(consolidatedWorkbookStream(data)) as unknown as ReadableStream<Uint8Array>
    return new Response(body, { status: 200, headers: fileHeaders(exportFileNameOf(data)) })
  } catch (e) {
    const failure = expectedFailureOf(e)
    if (failure) return expectedFailureResponse(failure)
    throw e
  }
}

