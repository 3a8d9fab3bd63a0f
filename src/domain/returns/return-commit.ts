// Writing what the analysis planned: one transaction for all of a file's values, its upload and its audit rows, or
// nothing. A return approved since the analysis is refused inside the transaction (RETURN_LOCKED).
import type { Kysely } from 'kysely'
import { importError, type ImportFinding } from '../../../importers/import-finding.js'
import type { Database } from '../../db/database-types.js'
import {
  findReturnForUpdate,
  insertReturnIfAbsent,
  insertReturnValues,
  insertRevision,
  replaceCurrentValues,
  updateReturn,
  type ReturnKey,
} from '../../db/repositories/return.repository.js'
import { insertUpload } from '../../db/repositories/upload.repository.js'
import { recordAudit } from '../audit/audit-service.js'
import { announceChange } from '../live/live-change.js'
import { tryParsePeriodId, type Period } from '../periods/period-id.js'
import { recordReturnChange } from '../rollup/rollup-maintenance.js'
import { scheduleRollupRefresh } from '../rollup/rollup-refresh.js'
import type { ImportOutcome, ImportResult, ImportReturnInput } from './import-return-types.js'
import { lockedFinding, type Analysis } from './return-analysis.js'
import { DEFAULT_KEPT_FILE_QUOTA, dropReason, notKeptFinding } from './kept-file-quota.js'
import { approverName } from './return-workflow.js'

class Abort extends Error {
  constructor(readonly finding: ImportFinding) {
    super(finding.message)
  }
}

/** Commits the planned returns of a checked file (not a dry run, not a duplicate). */
export async function commitPlanned(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', bytes: Buffer, input: ImportReturnInput, analysed: Analysis): Promise<ImportResult> {
  const result = analysed.result
  const planned = analysed.planned
  const sha256 = result.sha256
  const now = new Date().toISOString()
  const period = tryParsePeriodId(result.periodId as string) as Period
  let countedChanged = false
  try {
    await db.transaction().execute(async (tx) => {
      const uploadId = await insertUpload(tx, uploadRow(bytes, input, { ...result, outcome: 'committed' }, now))
      result.uploadId = uploadId
      for (const p of planned) {
        const key: ReturnKey = { unitId: p.unit.id, formCode: result.formCode as string, periodId: period.id, scope: result.scope }
        await insertReturnIfAbsent(tx, {
          unit_id: p.unit.id,
          form_code: key.formCode,
          form_id: analysed.form!.id,
          period_id: period.id,
          period_start: period.start,
          period_end: period.end,
          scope: key.scope,
          document_id: p.documentId,
          status: 'draft',
          current_revision: 0,
          created_at: now,
          updated_at: now,
        })
        const row = await findReturnForUpdate(tx, key, dialect === 'postgres')
        if (!row) throw new Error('return row vanished')
        if (row.status === 'approved') throw new Abort(lockedFinding(p.unit, period, await approverName(tx, row.approved_by)))
        const number = row.current_revision + 1
        const revisionId = await insertRevision(tx, { return_id: row.id, number, upload_id: uploadId, created_by: input.actor.accountId, created_at: now })
        const values = [...p.entry.values.values()]
        const rows = values.map((v) => ({ revision_id: revisionId, indicator_code: v.indicator, num_value: v.num, text_value: v.text, place: v.place }))
        const half = Math.ceil(rows.length / 2)
        await insertReturnValues(tx, rows.slice(0, half))
        if (input.hooks?.afterHalfValues) await input.hooks.afterHalfValues()
        await insertReturnValues(tx, rows.slice(half))
        await replaceCurrentValues(
          tx,
          row.id,
          values.map((v) => ({ return_id: row.id, indicator_code: v.indicator, num_value: v.num, text_value: v.text })),
        )
        const status = row.status === 'submitted' ? 'draft' : row.status
        // The latest revision says what the return reports on; a file that names nothing keeps what was recorded.
        await updateReturn(tx, row.id, { current_revision: number, updated_at: now, status, ...(p.documentId !== null ? { document_id: p.documentId } : {}) })
        // Rollups count a return once it is submitted: a draft's new figures change none. A return already counted
        // (sent back, then corrected) marks its rollups behind in this same transaction, or nothing is written.
        if (row.status !== 'draft') {
          await recordReturnChange(tx, key.formCode, period.id, row.id)
          countedChanged = true
        }
        // open pages over the unit learn of it when this transaction commits (a draft's status shows on them too)
        await announceChange(tx, { formCode: key.formCode, periodId: period.id, unitIds: [p.unit.id], returnId: row.id, kind: 'saved' })
        await recordAudit(tx, {
          action: 'return.uploaded',
          accountId: input.actor.accountId,
          username: input.actor.username,
          unitId: p.unit.id,
          target: `return:${row.id}`,
          details: { sha256, fileName: input.fileName, revision: number, form: key.formCode, period: period.id, scope: key.scope, values: values.length, documentId: p.documentId },
          clientAddress: input.actor.clientAddress ?? null,
        })
        const out = result.returns.find((r) => r.unitId === p.unit.id)
        if (out) Object.assign(out, { returnId: row.id, revision: number, status })
      }
    })
  } catch (err) {
    result.uploadId = null
    if (err instanceof Abort) {
      result.findings.push(err.finding)
      return finish(db, bytes, input, { ...result, outcome: 'refused' })
    }
    throw err
  }
  if (countedChanged) scheduleRollupRefresh(db, result.formCode as string, period.id)
  return { ...result, outcome: 'committed', message: summary('committed', result) }
}

/** "; báo cáo của Đảng ủy phường Phúc Lợi vẫn ở lần cập nhật thứ 2": the revision that exists, never the next one. */
function revisions(r: ImportResult): string {
  const held = r.returns.filter((x) => x.revision !== null && x.revision > 0)
  return held.length === 1 ? `; báo cáo của ${held[0]?.unitName} vẫn ở lần cập nhật thứ ${held[0]?.revision}` : ''
}

export function summary(outcome: ImportOutcome, r: ImportResult): string {
  const errors = r.findings.filter((f) => f.severity === 'error').length
  const warnings = r.findings.length - errors
  const units = r.returns.map((x) => x.unitName).join(', ')
  switch (outcome) {
    case 'committed':
      return `Đã lưu số liệu của ${units}${r.returns.length === 1 && r.returns[0]?.revision ? ` (lần cập nhật thứ ${r.returns[0].revision})` : ''}${warnings ? `; có ${warnings} cảnh báo cần xem lại` : ''}.`
    case 'duplicate':
      return `Tệp này giống hệt tệp đã tải lên trước đó; không có gì thay đổi${revisions(r)}.`
    case 'dry_run':
      return `Kiểm tra xong: tệp hợp lệ, sẽ lưu số liệu của ${units}${warnings ? `; có ${warnings} cảnh báo` : ''}. Chưa có gì được lưu.`
    default:
      return `Tệp bị từ chối: có ${errors} lỗi cần sửa${warnings ? ` và ${warnings} cảnh báo` : ''}. Không có số liệu nào được lưu. Hãy sửa từng lỗi theo hướng dẫn (tại ô được chỉ ra, nếu có) rồi tải lên lại.`
  }
}

function uploadRow(bytes: Buffer, input: ImportReturnInput, r: ImportResult, now: string) {
  return {
    sha256: r.sha256,
    file_name: input.fileName.slice(0, 255),
    size_bytes: bytes.length,
    content: bytes,
    uploaded_by: input.actor.accountId,
    uploaded_at: now,
    client_address: input.actor.clientAddress ?? null,
    outcome: r.outcome,
    result: JSON.stringify({
      form: r.formCode,
      period: r.periodId,
      scope: r.scope,
      findings: r.findings,
      returns: r.returns.map((x) => ({ unit: x.unitCode, revision: x.revision, values: x.values.length })),
    }),
  }
}

/** Refused and duplicate files are kept as evidence within a quota (outside any values transaction); dry runs write nothing. */
export async function finish(db: Kysely<Database>, bytes: Buffer, input: ImportReturnInput, r: ImportResult): Promise<ImportResult> {
  if (input.dryRun || r.outcome === 'dry_run') return { ...r, message: summary(r.outcome, r) }
  const now = new Date()
  const quota = input.keptFileQuota ?? DEFAULT_KEPT_FILE_QUOTA
  const dropped = await dropReason(db, { sha256: r.sha256, size: bytes.length, accountId: input.actor.accountId }, quota, now)
  const notice = dropped ? notKeptFinding(dropped, quota) : null
  const withNotice = notice ? { ...r, findings: [...r.findings, notice] } : r
  const result = { ...withNotice, message: summary(withNotice.outcome, withNotice) }
  const row = uploadRow(bytes, input, result, now.toISOString())
  result.uploadId = await insertUpload(db, dropped ? { ...row, content: Buffer.alloc(0), content_dropped: dropped } : row)
  return result
}
