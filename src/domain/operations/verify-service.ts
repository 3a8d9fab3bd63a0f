// tonghop verify: the database's own integrity check; every committed return whole (its revisions numbered without
// gaps, its current values exactly its current revision's) and equal to what its stored original file gives when read
// again; and every maintained rollup state equal to a rebuild from scratch.
import type { DatabaseHandle } from '../../db/create-database.js'
import { integrityProblems } from '../../db/repositories/backup.repository.js'
import { findCurrentValues, findRevisionValues } from '../../db/repositories/return.repository.js'
import { listRollupPairs } from '../../db/repositories/rollup-state.repository.js'
import { findUploadById } from '../../db/repositories/upload.repository.js'
import { listCommittedReturns, loadRollupStates, revisionNumbers, type CommittedReturn } from '../../db/repositories/verify.repository.js'
import { importReturnFile, type ImportResult, type ReturnScope } from '../returns/import-return.js'
import { applyPendingReturns, rebuildRollupState } from '../rollup/rollup-maintenance.js'

export interface VerifyProblem {
  code: 'VERIFY_INTEGRITY' | 'VERIFY_RETURN_NOT_WHOLE' | 'VERIFY_RETURN_DIFFERS_FROM_FILE' | 'VERIFY_FILE_UNREADABLE' | 'VERIFY_ROLLUP_DIFFERS'
  message: string
}

export interface VerifyReport {
  ok: boolean
  returns: number
  filesReread: number
  returnsWithoutFile: number
  rollupPairs: number
  problems: VerifyProblem[]
}

type Values = Map<string, string>
const key = (num: number | null, text: string | null) => JSON.stringify([num, text])

class Rollback extends Error {}

export async function verifyDatabase(handle: DatabaseHandle, onProgress?: (step: string) => void): Promise<VerifyReport> {
  const report: VerifyReport = { ok: true, returns: 0, filesReread: 0, returnsWithoutFile: 0, rollupPairs: 0, problems: [] }
  const problem = (code: VerifyProblem['code'], message: string) => report.problems.length < 200 && report.problems.push({ code, message })
  onProgress?.('integrity')
  for (const p of await integrityProblems(handle)) problem('VERIFY_INTEGRITY', p)
  onProgress?.('returns')
  const rereads = new Map<number, Promise<ImportResult[] | null>>()
  for (let after = 0; ; ) {
    const page = await listCommittedReturns(handle.db, after, 500)
    if (page.length === 0) break
    after = page[page.length - 1]!.id
    for (const r of page) {
      report.returns++
      await checkReturn(handle, r, rereads, report, problem)
    }
    rereads.clear()
  }
  onProgress?.('rollups')
  for (const pair of await listRollupPairs(handle.db)) {
    report.rollupPairs++
    const diff = await compareWithRebuild(handle, pair.form_code, pair.period_id)
    if (diff) problem('VERIFY_ROLLUP_DIFFERS', `Tổng hợp ${pair.form_code} kỳ ${pair.period_id} khác với khi tính lại từ đầu: ${diff} (the stored rollup state differs from a rebuild)`)
  }
  report.ok = report.problems.length === 0
  return report
}

async function checkReturn(
  handle: DatabaseHandle,
  r: CommittedReturn,
  rereads: Map<number, Promise<ImportResult[] | null>>,
  report: VerifyReport,
  problem: (code: VerifyProblem['code'], message: string) => void,
): Promise<void> {
  const who = `báo cáo ${r.form_code} của ${r.unit_code} kỳ ${r.period_id} (${r.scope}, return ${r.id})`
  const numbers = await revisionNumbers(handle.db, r.id)
  if (numbers.length !== r.current_revision || numbers.some((n, i) => n !== i + 1) || r.revision_id === null) {
    problem('VERIFY_RETURN_NOT_WHOLE', `${who}: các lần cập nhật ${numbers.join(',')} không khớp lần hiện tại ${r.current_revision} (revisions do not match the current revision)`)
    return
  }
  const stored: Values = new Map((await findRevisionValues(handle.db, r.revision_id)).map((v) => [v.indicator_code, key(v.num_value, v.text_value)]))
  const current: Values = new Map((await findCurrentValues(handle.db, r.id)).map((v) => [v.indicator_code, key(v.num_value, v.text_value)]))
  const d1 = differences(stored, current)
  if (d1) problem('VERIFY_RETURN_NOT_WHOLE', `${who}: số liệu hiện hành khác số liệu của lần cập nhật ${r.current_revision}: ${d1} (current values differ from the revision's)`)
  if (r.upload_id === null) {
    report.returnsWithoutFile++
    return
  }
  let pending = rereads.get(r.upload_id)
  if (!pending) {
    pending = reread(handle, r.upload_id)
    rereads.set(r.upload_id, pending)
    report.filesReread++
  }
  const results = await pending
  const entry = results?.flatMap((x) => x.returns).find((x) => x.unitCode === r.unit_code)
  if (!entry) {
    const codes = [...new Set(results?.flatMap((x) => x.findings.filter((f) => f.severity === 'error').map((f) => f.code)) ?? [])].join(', ')
    problem('VERIFY_FILE_UNREADABLE', `${who}: đọc lại tệp gốc (upload ${r.upload_id}) không ra số liệu của đơn vị này${codes ? ` (${codes})` : ''} (the original file no longer reads as this return)`)
    return
  }
  const fromFile: Values = new Map(entry.values.map((v) => [v.indicator, key(v.num, v.text)]))
  const d2 = differences(fromFile, stored)
  if (d2) problem('VERIFY_RETURN_DIFFERS_FROM_FILE', `${who}: số liệu đã lưu khác số liệu đọc lại từ tệp gốc (upload ${r.upload_id}): ${d2} (stored values differ from the original file)`)
}

/**
 * The file read again exactly as an upload, as a dry run (nothing written): first with the period and scope it was
 * stored under, then, when that finds no such unit (the upload named form and unit as arguments), with those too.
 */
async function reread(handle: DatabaseHandle, uploadId: number): Promise<ImportResult[] | null> {
  const upload = await findUploadById(handle.db, uploadId)
  if (!upload) return null
  const stored = JSON.parse(upload.result) as { form: string | null; period: string | null; scope: ReturnScope; returns: { unit: string }[] }
  const base = { bytes: upload.content, fileName: upload.file_name, dryRun: true, actor: { accountId: null, username: 'verify' }, periodId: stored.period, scope: stored.scope }
  const first = await importReturnFile(handle, base)
  const units = new Set(first.returns.map((x) => x.unitCode))
  if (stored.returns.every((x) => units.has(x.unit))) return [first]
  const second = await importReturnFile(handle, { ...base, formCode: stored.form, unitCode: stored.returns.length === 1 ? (stored.returns[0]?.unit ?? null) : null })
  return [first, second]
}

function differences(a: Values, b: Values): string | null {
  const out: string[] = []
  for (const k of new Set([...a.keys(), ...b.keys()])) if (a.get(k) !== b.get(k)) out.push(`${k}: ${a.get(k) ?? '—'} ≠ ${b.get(k) ?? '—'}`)
  return out.length ? out.slice(0, 5).join('; ') + (out.length > 5 ? ` … (${out.length})` : '') : null
}

/**
 * The stored state with the pending returns applied (what a query would read) against a rebuild from scratch, both in
 * one transaction that is then rolled back: verify changes nothing. On SQLite it holds the write lock meanwhile.
 */
async function compareWithRebuild(handle: DatabaseHandle, formCode: string, periodId: string): Promise<string | null> {
  let diff: string | null = null
  try {
    await handle.db.transaction().execute(async (trx) => {
      await applyPendingReturns(trx, formCode, periodId)
      const before = await loadRollupStates(trx, formCode, periodId)
      await rebuildRollupState(trx, formCode, periodId)
      const after = new Map((await loadRollupStates(trx, formCode, periodId)).map((s) => [s.unit_id, s]))
      const out: string[] = []
      for (const s of before) {
        const t = after.get(s.unit_id)
        after.delete(s.unit_id)
        if (!t) out.push(`unit ${s.unit_id} not in the rebuild`)
        else if (t.parent_id !== s.parent_id || !sameJson(s.state, t.state) || !sameJson(s.texts, t.texts)) out.push(`unit ${s.unit_id}`)
      }
      for (const id of after.keys()) out.push(`unit ${id} missing from the stored state`)
      diff = out.length ? `${out.length} đơn vị (${out.slice(0, 5).join(', ')})` : null
      throw new Rollback()
    })
  } catch (e) {
    if (!(e instanceof Rollback)) throw e
  }
  return diff
}

function sameJson(a: string | null, b: string | null): boolean {
  if (a === b) return true
  if (a === null || b === null) return false
  return close(JSON.parse(a), JSON.parse(b))
}

/** Sums taken in another order may differ in the last bits. */
function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]))
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    return ka.length === kb.length && ka.every((k) => close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  }
  return a === b
}
