// Importing one uploaded workbook as one or more returns: read and check everything first (no transaction open),
// then write all of the file's values in one transaction, or none. Refused and duplicate files are kept too.
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { hasErrors, importError, importWarning, placeOf, type ImportFinding } from '../../../importers/import-finding.js'
import { parseReturnGrids, type ParsedUnitEntry, type ParsedValue, type ParsedWorkbook } from '../../../importers/return-parser.js'
import { readUpload } from '../../../importers/upload-reader.js'
import { hiddenWarnings, type ReadResult, type WorkbookGrids } from '../../../importers/workbook-reader.js'
import type { AppServices } from '../../app-services.js'
import type { DatabaseHandle } from '../../db/create-database.js'
import type { Database } from '../../db/database-types.js'
import { findAssignmentsCovering } from '../../db/repositories/assignment.repository.js'
import { findDocumentByKeyOrSymbol, type DocumentRow } from '../../db/repositories/document.repository.js'
import { listForms, type FormRow } from '../../db/repositories/form.repository.js'
import { formDefinition } from '../forms/form-definition.js'
import {
  findReturn,
  findReturnForUpdate,
  insertReturnIfAbsent,
  insertReturnValues,
  insertRevision,
  replaceCurrentValues,
  updateReturn,
  type ReturnKey,
} from '../../db/repositories/return.repository.js'
import { currentUploadSha, insertUpload } from '../../db/repositories/upload.repository.js'
import { DEFAULT_KEPT_FILE_QUOTA, dropReason, notKeptFinding, type KeptFileQuota } from './kept-file-quota.js'
import { loadPeriodSubtree } from '../../db/repositories/rollup.repository.js'
import { findUnitsByCodes, searchUnits, type UnitRow } from '../../db/repositories/unit.repository.js'
import { assignmentActiveIn, assignmentApplies } from '../assignments/assignment-rules.js'
import { parseDocumentNumber, type DocumentNumber } from '../documents/document-number.js'
import { recordAudit } from '../audit/audit-service.js'
import { recordReturnChange } from '../rollup/rollup-maintenance.js'
import { scheduleRollupRefresh } from '../rollup/rollup-refresh.js'
import { approverName } from './return-workflow.js'
import { periodContains, tryParsePeriodId, type Period, type PeriodType } from '../periods/period-id.js'
import { findPeriodInText, periodLabel, periodTypeName } from '../periods/period-label.js'
import { foldForSearch } from '../text/vietnamese-text.js'

export type ReturnScope = 'own' | 'consolidated'
export type ImportOutcome = 'committed' | 'duplicate' | 'refused' | 'dry_run'

export interface ImportActor {
  accountId: number | null
  username: string
  clientAddress?: string | null
  /** May this actor file returns for the unit? Out-of-scope units are reported exactly like unknown ones. Absent: any unit (CLI). */
  canUpload?: (unitId: number) => Promise<boolean>
}

export interface ImportReturnInput {
  bytes: Buffer | Uint8Array
  fileName: string
  unitCode?: string | null
  formCode?: string | null
  periodId?: string | null
  scope?: ReturnScope | null
  dryRun: boolean
  actor: ImportActor
  /** Test-only fault injection: called inside the transaction after half of the values are inserted. */
  hooks?: { afterHalfValues?: () => void | Promise<void> }
  /** The workbook already being read from these bytes (a batch reads the next file while this one commits). */
  reading?: Promise<ReadResult>
  /** Limits on keeping refused and duplicate files (default DEFAULT_KEPT_FILE_QUOTA). */
  keptFileQuota?: KeptFileQuota
}

export interface ImportedReturn {
  unitId: number
  unitCode: string
  unitName: string
  returnId: number | null
  /** The revision this upload made (or would make, in a dry run). */
  revision: number | null
  status: string
  /** The document the return reports on (domain.md §3), or null when neither the file nor the assignment names one. */
  documentId: number | null
  values: ParsedValue[]
  ratios: ParsedValue[]
}

export interface ImportResult {
  outcome: ImportOutcome
  message: string
  fileName: string
  sha256: string
  uploadId: number | null
  formCode: string | null
  periodId: string | null
  scope: ReturnScope
  layout: 'form' | 'table' | null
  returns: ImportedReturn[]
  findings: ImportFinding[]
}

export type ImportTarget = AppServices | DatabaseHandle | { db: Kysely<Database>; dialect: 'sqlite' | 'postgres' }

function handleOf(t: ImportTarget): { db: Kysely<Database>; dialect: 'sqlite' | 'postgres' } {
  return 'database' in t ? t.database : t
}

interface Planned {
  unit: UnitRow
  entry: ParsedUnitEntry
  existingId: number | null
  nextRevision: number
  status: string
  documentId: number | null
}

class Abort extends Error {
  constructor(readonly finding: ImportFinding) {
    super(finding.message)
  }
}

export async function importReturnFile(target: ImportTarget, input: ImportReturnInput): Promise<ImportResult> {
  const { db, dialect } = handleOf(target)
  const bytes = Buffer.isBuffer(input.bytes) ? input.bytes : Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const base: ImportResult = {
    outcome: 'refused',
    message: '',
    fileName: input.fileName,
    sha256,
    uploadId: null,
    formCode: null,
    periodId: null,
    scope: input.scope ?? 'own',
    layout: null,
    returns: [],
    findings: [],
  }
  const analysed = await analyse(db, bytes, input, base)
  const result = analysed.result
  const planned = analysed.planned
  if (hasErrors(result.findings) || planned.length === 0) {
    if (planned.length === 0 && !hasErrors(result.findings)) result.findings.push(importError('IMPORT_NO_VALUES', 'Tệp không có số liệu nào để lưu.'))
    return finish(db, bytes, input, { ...result, outcome: 'refused' })
  }
  // Identical to what every return already holds: nothing to change.
  const shas = await Promise.all(planned.map((p) => (p.existingId === null ? null : currentUploadSha(db, p.existingId))))
  if (shas.every((s) => s === sha256)) return finish(db, bytes, input, { ...result, outcome: 'duplicate' })
  if (input.dryRun) return finish(db, bytes, input, { ...result, outcome: 'dry_run' })

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

function lockedFinding(unit: UnitRow, period: Period, approver: string): ImportFinding {
  return importError(
    'RETURN_LOCKED',
    `Báo cáo của ${unit.name} kỳ ${periodLabel(period)} đã được duyệt nên bị khóa; không thể tải lên số liệu mới. Hãy đề nghị người đã duyệt (${approver}) hoặc quản trị viên của đơn vị mở lại báo cáo trước.`,
  )
}

function summary(outcome: ImportOutcome, r: ImportResult): string {
  const errors = r.findings.filter((f) => f.severity === 'error').length
  const warnings = r.findings.length - errors
  const units = r.returns.map((x) => x.unitName).join(', ')
  switch (outcome) {
    case 'committed':
      return `Đã lưu số liệu của ${units}${r.returns.length === 1 && r.returns[0]?.revision ? ` (lần cập nhật thứ ${r.returns[0].revision})` : ''}${warnings ? `; có ${warnings} cảnh báo cần xem lại` : ''}.`
    case 'duplicate':
      return 'Tệp này giống hệt tệp đã tải lên trước đó; không có gì thay đổi.'
    case 'dry_run':
      return `Kiểm tra xong: tệp hợp lệ, sẽ lưu số liệu của ${units}${warnings ? `; có ${warnings} cảnh báo` : ''}. Chưa có gì được lưu.`
    default:
      return `Tệp bị từ chối: có ${errors} lỗi cần sửa${warnings ? ` và ${warnings} cảnh báo` : ''}. Không có số liệu nào được lưu.`
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
async function finish(db: Kysely<Database>, bytes: Buffer, input: ImportReturnInput, r: ImportResult): Promise<ImportResult> {
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

interface Analysis {
  result: ImportResult
  planned: Planned[]
  form: FormRow | null
}

async function analyse(db: Kysely<Database>, bytes: Buffer, input: ImportReturnInput, base: ImportResult): Promise<Analysis> {
  const result: ImportResult = { ...base, findings: [] }
  const fail = (f: ImportFinding): Analysis => {
    result.findings.push(f)
    return { result, planned: [], form: null }
  }
  const read = await (input.reading ?? readUpload(bytes))
  result.findings.push(...read.findings)
  if (!read.ok) return { result, planned: [], form: null }
  const grids = read.grids
  const meta = grids.meta

  // Form: argument, hidden sheet, or the form whose codes the sheet holds.
  const metaForm = meta.get('form') ?? null
  if (input.formCode && metaForm && input.formCode !== metaForm) {
    return fail(importError('IMPORT_FORM_MISMATCH', `Tệp là mẫu biểu ${metaForm}, nhưng đang được tải lên cho biểu ${input.formCode}. Hãy chọn đúng biểu mẫu.`, '_tonghop!B1'))
  }
  const formCode = input.formCode ?? metaForm
  let form: FormRow | null = null
  let parsed: ParsedWorkbook | null = null
  const layout = meta.get('layout') === 'table' ? 'table' : meta.get('layout') === 'form' ? 'form' : null
  if (formCode) {
    const version = meta.get('version') && input.formCode == null ? Number(meta.get('version')) : null
    const def = (Number.isInteger(version) ? await formDefinition(db, formCode, version) : null) ?? (await formDefinition(db, formCode, null))
    if (!def) return fail(importError('IMPORT_UNKNOWN_FORM', `Không có biểu mẫu mã "${formCode}" trong hệ thống.`))
    form = def.form
    const p = parseReturnGrids(grids, { indicators: def.indicators, rules: def.rules, layout })
    if (!('layout' in p)) {
      result.formCode = form.code
      result.findings.push(...p.findings)
      return { result, planned: [], form }
    }
    parsed = p
  } else {
    let best = -1
    for (const f of await listForms(db, { afterId: null, limit: 200 })) {
      const def = await formDefinition(db, f.code, f.version)
      if (!def) continue
      const p = parseReturnGrids(grids, { indicators: def.indicators, rules: def.rules, layout })
      if (!('layout' in p)) continue
      const n = p.entries.reduce((s, e) => s + e.values.size + e.ratios.size, 0) + p.findings.length
      if (n > best) [best, form, parsed] = [n, f, p]
    }
    if (!form || !parsed) {
      return fail(importError('IMPORT_NO_TABLE', 'Không nhận ra biểu mẫu: tệp không có mã chỉ tiêu hay tên chỉ tiêu của biểu mẫu nào trong hệ thống. Hãy dùng đúng mẫu biểu đã tải về.'))
    }
  }
  result.formCode = form.code
  result.layout = parsed.layout
  result.findings.push(...parsed.findings)
  result.findings.push(...hiddenWarnings(grids, new Set([parsed.sheet]), new Map([[parsed.sheet, parsed.usedRows]])))

  // Period: argument, hidden sheet, or title text; any two that disagree is an error.
  const period = resolvePeriod(input, meta, parsed, result)
  if (!period) return { result, planned: [], form }
  result.periodId = period.id
  const formTypes = JSON.parse(form.period_types) as string[]
  if (!formTypes.includes(period.type)) {
    result.findings.push(importError('IMPORT_PERIOD_MISMATCH', `Biểu ${form.code} không báo cáo theo kỳ "${periodLabel(period)}".`))
    return { result, planned: [], form }
  }

  const scope = input.scope ?? (meta.get('scope') === 'consolidated' ? 'consolidated' : 'own')
  result.scope = scope

  // Units.
  const { rows: units, fileUnit } = await resolveUnits(db, input, grids, parsed, result)
  // Table layout: the rows are the file unit's subtree as it stood in the period (units moved since count where
  // they were then, as in rollups), so a unit elsewhere in the tree is refused even where the uploader may see it.
  const subtree = fileUnit ? new Set((await loadPeriodSubtree(db, fileUnit.id, period.start, period.end)).map((u) => u.id)) : null
  const documents = await documentsNamedInFile(db, grids, parsed, result)
  const planned: Planned[] = []
  const seen = new Set<number>()
  const withoutDocument: UnitRow[] = []
  for (const { unit, entry } of units) {
    if (seen.has(unit.id)) {
      result.findings.push(importError('IMPORT_DUPLICATE_UNIT', `Đơn vị ${unit.name} xuất hiện hai lần trong tệp.`, entry.place))
      continue
    }
    seen.add(unit.id)
    if ((unit.closed_on && unit.closed_on < period.start) || (unit.opened_on && unit.opened_on > period.end)) {
      result.findings.push(importError('IMPORT_UNIT_CLOSED', `${unit.name} không hoạt động trong kỳ ${periodLabel(period)} (đã giải thể, sáp nhập hoặc chưa thành lập).`, entry.place))
      continue
    }
    if (fileUnit && subtree && !subtree.has(unit.id)) {
      result.findings.push(
        importError(
          'IMPORT_UNIT_NOT_IN_SUBTREE',
          `${unit.name} (mã ${unit.code}) không trực thuộc ${fileUnit.name} trong kỳ ${periodLabel(period)}. Biểu tổng hợp của ${fileUnit.name} chỉ được ghi các đơn vị trực thuộc; hãy xóa dòng này, hoặc báo cáo đơn vị đó trong biểu của đơn vị cấp trên của nó.`,
          entry.place,
        ),
      )
      continue
    }
    const covering = (await findAssignmentsCovering(db, unit.id, form.code)).filter((a) => assignmentApplies(a, unit) && assignmentActiveIn(a, period))
    const assignments = covering.filter((a) => a.period_type === period.type)
    if (assignments.length === 0) {
      // Assigned the form, but for other periods (BC-QT quarterly, uploaded as an ad hoc report): the period is wrong.
      const types = [...new Set(covering.map((a) => a.period_type as PeriodType))]
      result.findings.push(
        types.length > 0
          ? importError(
              'IMPORT_PERIOD_NOT_ASSIGNED',
              `${unit.name} được giao báo cáo biểu ${form.code} theo ${types.map(periodTypeName).join(' và ')}, không báo cáo cho kỳ ${periodLabel(period)}. Hãy chọn đúng kỳ báo cáo.`,
              entry.place,
            )
          : importError('IMPORT_UNIT_NOT_ASSIGNED', `${unit.name} không được giao báo cáo biểu ${form.code} trong kỳ ${periodLabel(period)}.`, entry.place),
      )
      continue
    }
    const existing = await findReturn(db, { unitId: unit.id, formCode: form.code, periodId: period.id, scope })
    if (existing?.status === 'approved') result.findings.push(lockedFinding(unit, period, await approverName(db, existing.approved_by)))
    // What the return reports on: the hidden sheet, else the assignment that binds the unit to the form, else the header.
    const documentId = documents.fromMeta?.id ?? assignments.find((a) => a.document_id !== null)?.document_id ?? documents.fromHeader?.id ?? null
    // A form that must name its document (BC-QT): known from this file, the assignment, or an earlier revision.
    if (form.document_required === 1 && documentId === null && (existing?.document_id ?? null) === null) withoutDocument.push(unit)
    planned.push({ unit, entry, existingId: existing?.id ?? null, nextRevision: (existing?.current_revision ?? 0) + 1, status: existing?.status ?? 'draft', documentId })
    result.returns.push({
      unitId: unit.id,
      unitCode: unit.code,
      unitName: unit.name,
      returnId: existing?.id ?? null,
      revision: (existing?.current_revision ?? 0) + 1,
      status: existing?.status ?? 'draft',
      documentId,
      values: [...entry.values.values()],
      ratios: [...entry.ratios.values()],
    })
  }
  if (withoutDocument.length > 0) {
    // The error replaces the unknown-number warnings: they promise the figures land, and now they do not.
    result.findings = result.findings.filter((f) => f.code !== 'IMPORT_UNKNOWN_DOCUMENT')
    result.findings.push(documentRequiredFinding(form, withoutDocument, documents.unnamed, parsed))
  }
  return { result, planned, form }
}

interface UnknownDocument {
  symbol: string
  place: string | null
}

/**
 * IMPORT_DOCUMENT_REQUIRED: the form must say which document it reports on and nothing did. The place is where the
 * clerk should look: the unknown number the file gave (its hidden-sheet cell or header cell), else the report's title.
 */
function documentRequiredFinding(form: FormRow, units: readonly UnitRow[], unnamed: readonly UnknownDocument[], parsed: ParsedWorkbook): ImportFinding {
  const title = parsed.headerCells.find((c) => /^bao cao\b/.test(foldForSearch(c.text))) ?? parsed.headerCells[0] ?? null
  const who = units.length > 3 ? `${units.slice(0, 3).map((u) => u.name).join(', ')} và ${units.length - 3} đơn vị khác` : units.map((u) => u.name).join(', ')
  const why =
    unnamed.length > 0
      ? `${unnamed.map((d) => `"${d.symbol}"`).join(', ')} ghi trong tệp không phải văn bản có trong hệ thống, và phân công báo cáo của ${who} không nêu văn bản`
      : `tệp không ghi số/ký hiệu văn bản, và phân công báo cáo của ${who} không nêu văn bản`
  return importError(
    'IMPORT_DOCUMENT_REQUIRED',
    `Biểu ${form.code} phải nêu văn bản được báo cáo (ví dụ Nghị quyết số 72-NQ/TW), nhưng ${why}. Hãy ghi số/ký hiệu văn bản vào tiêu đề báo cáo, ví dụ "BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT SỐ 72-NQ/TW", hoặc dùng mẫu biểu tải về từ hệ thống (mẫu ghi sẵn văn bản khi phân công có nêu văn bản).`,
    unnamed[0]?.place ?? title?.place ?? placeOf(parsed.sheet, 'A1'),
  )
}

/**
 * The documents the file itself names: the hidden sheet's `document` (key or number/symbol), and the first document
 * number in the text above the table ("… theo Nghị quyết số 72-NQ/TW"). A number that is not in the system is a
 * warning at its cell: the figures are still good, the return just is not tied to that document.
 */
async function documentsNamedInFile(
  db: Kysely<Database>,
  grids: WorkbookGrids,
  parsed: ParsedWorkbook,
  result: ImportResult,
): Promise<{ fromMeta: DocumentRow | null; fromHeader: DocumentRow | null; unnamed: UnknownDocument[] }> {
  const unnamed: UnknownDocument[] = []
  const unknown = (symbol: string, place: string | null) => {
    unnamed.push({ symbol, place })
    result.findings.push(
      importWarning(
        'IMPORT_UNKNOWN_DOCUMENT',
        `Không tìm thấy văn bản số "${symbol}" trong hệ thống; số liệu vẫn được nhận, nhưng báo cáo không được ghi là báo cáo về văn bản này. Hãy kiểm tra lại số/ký hiệu văn bản (ví dụ 72-NQ/TW).`,
        place,
      ),
    )
  }
  let fromMeta: DocumentRow | null = null
  const metaKey = grids.meta.get('document')?.normalize('NFC').trim()
  if (metaKey) {
    fromMeta = (await findDocumentByKeyOrSymbol(db, metaKey.slice(0, 100))) ?? null
    if (!fromMeta) unknown(metaKey.slice(0, 100), grids.metaPlaces.get('document') ?? null)
  }
  let fromHeader: DocumentRow | null = null
  const named = documentNumberInHeader(parsed.headerCells)
  if (named) {
    fromHeader = (await findDocumentByKeyOrSymbol(db, named.symbol)) ?? null
    if (!fromHeader) unknown(named.symbol, named.place)
  }
  return { fromMeta, fromHeader, unnamed }
}

/**
 * The first numbered document symbol in the header. Reports ("Số 45-BC/ĐU", the return's own number line) are skipped:
 * a return reports on resolutions, directives and plans, not on reports.
 */
function documentNumberInHeader(cells: readonly { text: string; place: string }[]): { symbol: string; place: string } | null {
  for (const cell of cells) {
    if (!cell.text.includes('/')) continue
    let parsed: DocumentNumber
    try {
      parsed = parseDocumentNumber(cell.text)
    } catch {
      continue
    }
    // Drafts ("-KH/ĐU") share one symbol between many documents: only a number identifies one.
    if (parsed.number === null || parsed.type === 'BC') continue
    return { symbol: parsed.symbol, place: cell.place }
  }
  return null
}

function resolvePeriod(input: ImportReturnInput, meta: ReadonlyMap<string, string>, parsed: ParsedWorkbook, result: ImportResult): Period | null {
  const err = (code: string, message: string, place: string | null = null) => void result.findings.push(importError(code, message, place))
  let fromArg: Period | null = null
  if (input.periodId) {
    fromArg = tryParsePeriodId(input.periodId)
    if (!fromArg) return err('IMPORT_PERIOD_INVALID', `Mã kỳ báo cáo "${input.periodId}" không hợp lệ (ví dụ đúng: 2026Q1, 2026S1, 2026).`), null
  }
  const metaId = meta.get('period')
  const fromMeta = metaId ? tryParsePeriodId(metaId) : null
  const fromText = periodFromHeader(parsed.headerText)
  const candidates: [Period, string][] = []
  if (fromArg) candidates.push([fromArg, 'kỳ đã chọn'])
  if (fromMeta) candidates.push([fromMeta, 'trang ẩn của mẫu biểu'])
  if (fromText) candidates.push([fromText, 'tiêu đề biểu'])
  const first = candidates[0]
  if (!first) {
    return err('IMPORT_NO_PERIOD', 'Không xác định được kỳ báo cáo: tiêu đề biểu không ghi kỳ (ví dụ "Quý I/2026"). Hãy chọn kỳ báo cáo khi tải lên.'), null
  }
  for (const [p, where] of candidates.slice(1)) {
    // "Năm 2026" in a title line is compatible with Quý I/2026; "Quý II/2026" is not.
    if (p.id !== first[0].id && !(where === 'tiêu đề biểu' && periodContains(p, first[0]))) {
      return err('IMPORT_PERIOD_MISMATCH', `Kỳ báo cáo không khớp: ${first[1]} là ${periodLabel(first[0])}, nhưng ${where} ghi ${periodLabel(p)}. Hãy kiểm tra lại tệp hoặc kỳ đã chọn.`), null
    }
  }
  return first[0]
}

// The place-and-date line ("Hà Nội, ngày 05 tháng 4 năm 2026") names a year that is not the period.
const DATE_LINE = /ngay\b.*\bthang\b.*\bnam\b/

function periodFromHeader(lines: readonly string[]): Period | null {
  for (const line of lines) {
    if (DATE_LINE.test(foldForSearch(line))) continue
    const p = findPeriodInText(line)
    if (p) return p
  }
  return null
}

interface ResolvedUnits {
  rows: { unit: UnitRow; entry: ParsedUnitEntry }[]
  /** Table layout: the unit whose children the rows are (argument, hidden sheet or header), when the file names one. */
  fileUnit: UnitRow | null
}

async function resolveUnits(db: Kysely<Database>, input: ImportReturnInput, grids: WorkbookGrids, parsed: ParsedWorkbook, result: ImportResult): Promise<ResolvedUnits> {
  const allowed = async (u: UnitRow | undefined | null): Promise<UnitRow | null> => (u && (!input.actor.canUpload || (await input.actor.canUpload(u.id))) ? u : null)
  const unknown = (key: string, place: string | null) =>
    result.findings.push(importError('IMPORT_UNKNOWN_UNIT', `Không tìm thấy đơn vị "${key}" trong phạm vi bạn được báo cáo. Hãy ghi đúng mã hoặc tên đơn vị.`, place))
  const none: ResolvedUnits = { rows: [], fileUnit: null }
  if (parsed.layout === 'form') {
    const entry = parsed.entries[0] as ParsedUnitEntry
    const code = input.unitCode ?? grids.meta.get('unit') ?? null
    const metaUnit = grids.meta.get('unit')
    if (input.unitCode && metaUnit && metaUnit !== input.unitCode && result.scope === 'own') {
      // A ward's own template uploaded for another unit is a mistake; as a consolidated return at a parent it is the round trip.
      result.findings.push(importError('IMPORT_UNIT_MISMATCH', `Tệp là báo cáo của đơn vị ${metaUnit}, nhưng đang được tải lên cho ${input.unitCode}.`, '_tonghop!B4'))
      return none
    }
    if (code) {
      const u = await allowed((await findUnitsByCodes(db, [code]))[0])
      if (!u) return unknown(code, null), none
      return { rows: [{ unit: u, entry }], fileUnit: null }
    }
    const byName = await unitFromHeader(db, parsed.headerText)
    const u = await allowed(byName ?? undefined)
    if (!u) {
      result.findings.push(importError('IMPORT_NO_UNIT', 'Không xác định được đơn vị báo cáo: tiêu đề biểu không ghi tên đơn vị có trong hệ thống. Hãy chọn đơn vị khi tải lên.'))
      return none
    }
    return { rows: [{ unit: u, entry }], fileUnit: null }
  }
  // The file's unit: the argument, the hidden sheet, else the unit the header names (when the uploader may report for
  // it). A hand-made sheet that names none is checked only against the uploader's scope.
  let fileUnit: UnitRow | null = null
  const fileCode = input.unitCode ?? grids.meta.get('unit') ?? null
  if (fileCode) {
    fileUnit = await allowed((await findUnitsByCodes(db, [fileCode]))[0])
    if (!fileUnit) return unknown(fileCode, input.unitCode ? null : (grids.metaPlaces.get('unit') ?? null)), none
  } else {
    fileUnit = await allowed(await unitFromHeader(db, parsed.headerText))
  }
  const rows: { unit: UnitRow; entry: ParsedUnitEntry }[] = []
  const codes = parsed.entries.map((e) => e.unitCode).filter((c): c is string => !!c)
  const byCode = new Map((await findUnitsByCodes(db, codes)).map((u) => [u.code, u]))
  for (const entry of parsed.entries) {
    let unit: UnitRow | undefined
    if (entry.unitCode) unit = byCode.get(entry.unitCode)
    else if (entry.unitName) {
      // Branch names repeat across wards ("Chi bộ Tổ dân phố số 1"): look under the file's unit first.
      unit = ((fileUnit && (await unitByName(db, entry.unitName, [fileUnit.id]))) || (await unitByName(db, entry.unitName))) ?? undefined
    }
    const ok = await allowed(unit)
    if (!ok) unknown(entry.unitCode ?? entry.unitName ?? '?', entry.place)
    else rows.push({ unit: ok, entry })
  }
  return { rows, fileUnit }
}

async function unitByName(db: Kysely<Database>, name: string, withinUnitIds: readonly number[] | null = null): Promise<UnitRow | null> {
  const folded = foldForSearch(name)
  if (!folded || folded.length > 200) return null
  const rows = await searchUnits(db, { folded, includeClosed: true, withinUnitIds, limit: 20 })
  const exact = rows.filter((u) => u.name_folded === folded)
  return exact.length === 1 ? (exact[0] as UnitRow) : null
}

async function unitFromHeader(db: Kysely<Database>, lines: readonly string[]): Promise<UnitRow | null> {
  for (const line of lines.slice(0, 30)) {
    const u = await unitByName(db, line)
    if (u) return u
  }
  return null
}
