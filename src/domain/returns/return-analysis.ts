// Reading and checking an upload, with no transaction open and nothing written: the form, the period, the units, the
// document, and every finding. What it plans is written by return-commit.ts, all of it or none.
import type { Kysely } from 'kysely'
import { importError, type ImportFinding } from '../../../importers/import-finding.js'
import { parseReturnGrids } from '../../../importers/return-parser.js'
import type { ParsedUnitEntry, ParsedWorkbook } from '../../../importers/return-parser-types.js'
import { readUpload } from '../../../importers/upload-reader.js'
import { hiddenWarnings, type WorkbookGrids } from '../../../importers/workbook-reader.js'
import type { Database } from '../../db/database-types.js'
import { findAssignmentsCovering } from '../../db/repositories/assignment.repository.js'
import { listForms, type FormRow } from '../../db/repositories/form.repository.js'
import { findReturn } from '../../db/repositories/return.repository.js'
import { loadPeriodSubtree } from '../../db/repositories/rollup.repository.js'
import type { UnitRow } from '../../db/repositories/unit.repository.js'
import { assignmentActiveIn, assignmentApplies } from '../assignments/assignment-rules.js'
import { formDefinition } from '../forms/form-definition.js'
import type { Period, PeriodType } from '../periods/period-id.js'
import { periodLabel, periodTypeName } from '../periods/period-label.js'
import { assignedNearAdvice, unitsAssignedNear } from './assigned-near.js'
import { documentRequiredFinding, documentsNamedInFile } from './return-documents.js'
import type { ImportResult, ImportReturnInput, ReturnScope } from './import-return-types.js'
import { resolvePeriod, resolveUnits } from './return-placement.js'
import { approverName } from './return-workflow.js'

/** One return the file will write: the unit, its parsed values, and the return's state before the write. */
export interface Planned {
  unit: UnitRow
  entry: ParsedUnitEntry
  existingId: number | null
  nextRevision: number
  status: string
  documentId: number | null
}

export interface Analysis {
  result: ImportResult
  planned: Planned[]
  form: FormRow | null
}

export function lockedFinding(unit: UnitRow, period: Period, approver: string): ImportFinding {
  return importError(
    'RETURN_LOCKED',
    `Báo cáo của ${unit.name} kỳ ${periodLabel(period)} đã được duyệt nên bị khóa; không thể tải lên số liệu mới. Hãy đề nghị người đã duyệt (${approver}) hoặc quản trị viên của đơn vị mở lại báo cáo trước.`,
  )
}

export async function analyse(db: Kysely<Database>, bytes: Buffer, input: ImportReturnInput, base: ImportResult): Promise<Analysis> {
  const result: ImportResult = { ...base, findings: [] }
  const read = await (input.reading ?? readUpload(bytes))
  result.findings.push(...read.findings)
  if (!read.ok) return { result, planned: [], form: null }
  const grids = read.grids
  const found = await findForm(db, grids, input, result)
  const { form, parsed } = found
  if (!form || !parsed) return { result, planned: [], form }
  result.formCode = form.code
  result.layout = parsed.layout
  result.findings.push(...parsed.findings)
  result.findings.push(...hiddenWarnings(grids, new Set([parsed.sheet]), new Map([[parsed.sheet, parsed.usedRows]])))

  // Period: argument, hidden sheet, or title text; any two that disagree is an error.
  const period = resolvePeriod(input, grids.meta, parsed, result)
  if (!period) return { result, planned: [], form }
  result.periodId = period.id
  const formTypes = JSON.parse(form.period_types) as string[]
  if (!formTypes.includes(period.type)) {
    result.findings.push(importError('IMPORT_PERIOD_MISMATCH', `Biểu ${form.code} không báo cáo theo kỳ "${periodLabel(period)}".`))
    return { result, planned: [], form }
  }
  result.scope = input.scope ?? (grids.meta.get('scope') === 'consolidated' ? 'consolidated' : 'own')
  return { result, planned: await planReturns(db, input, grids, form, parsed, period, result), form }
}

/** The form: the argument, the hidden sheet, or the form whose codes or labels the sheet holds best. */
async function findForm(db: Kysely<Database>, grids: WorkbookGrids, input: ImportReturnInput, result: ImportResult): Promise<{ form: FormRow | null; parsed: ParsedWorkbook | null }> {
  const meta = grids.meta
  const fail = (f: ImportFinding) => (result.findings.push(f), { form: null, parsed: null })
  const metaForm = meta.get('form') ?? null
  if (input.formCode && metaForm && input.formCode !== metaForm) {
    return fail(importError('IMPORT_FORM_MISMATCH', `Tệp là mẫu biểu ${metaForm}, nhưng đang được tải lên cho biểu ${input.formCode}. Hãy chọn đúng biểu mẫu.`, '_tonghop!B1'))
  }
  const formCode = input.formCode ?? metaForm
  const layout = meta.get('layout') === 'table' ? 'table' : meta.get('layout') === 'form' ? 'form' : null
  if (formCode) {
    const version = meta.get('version') && input.formCode == null ? Number(meta.get('version')) : null
    const def = (Number.isInteger(version) ? await formDefinition(db, formCode, version) : null) ?? (await formDefinition(db, formCode, null))
    if (!def) return fail(importError('IMPORT_UNKNOWN_FORM', `Không có biểu mẫu mã "${formCode}" trong hệ thống.`))
    const p = parseReturnGrids(grids, { indicators: def.indicators, rules: def.rules, layout })
    if (!('layout' in p)) {
      result.formCode = def.form.code
      result.findings.push(...p.findings)
      return { form: def.form, parsed: null }
    }
    return { form: def.form, parsed: p }
  }
  let best = -1
  let form: FormRow | null = null
  let parsed: ParsedWorkbook | null = null
  for (const f of await listForms(db, { afterId: null, limit: 200 })) {
    const def = await formDefinition(db, f.code, f.version)
    if (!def) continue
    const p = parseReturnGrids(grids, { indicators: def.indicators, rules: def.rules, layout })
    if (!('layout' in p)) continue
    const n = p.entries.reduce((sum, e) => sum + e.values.size + e.ratios.size, 0) + p.findings.length
    if (n > best) [best, form, parsed] = [n, f, p]
  }
  if (!form || !parsed) {
    return fail(importError('IMPORT_NO_TABLE', 'Không nhận ra biểu mẫu: tệp không có mã chỉ tiêu hay tên chỉ tiêu của biểu mẫu nào trong hệ thống. Hãy dùng đúng mẫu biểu đã tải về.'))
  }
  return { form, parsed }
}

/** Each unit's return the file would write, after the unit checks (open, in the file unit's subtree, assigned). */
async function planReturns(db: Kysely<Database>, input: ImportReturnInput, grids: WorkbookGrids, form: FormRow, parsed: ParsedWorkbook, period: Period, result: ImportResult): Promise<Planned[]> {
  const scope: ReturnScope = result.scope
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
          : importError(
              'IMPORT_UNIT_NOT_ASSIGNED',
              `${unit.name} không được giao báo cáo biểu ${form.code} trong kỳ ${periodLabel(period)}.${assignedNearAdvice(form.code, await unitsAssignedNear(db, unit, form.code, period, input.actor.canUpload))}`,
              entry.place,
            ),
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
  return planned
}
