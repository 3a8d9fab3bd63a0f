import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { insertAssignments, insertTargets } from '../../db/repositories/assignment.repository.js'
import type { DocumentRow } from '../../db/repositories/document.repository.js'
import { findForm, findIndicatorsOf } from '../../db/repositories/form.repository.js'
import type { UnitRow } from '../../db/repositories/unit.repository.js'
import { documentNamed } from '../documents/document-service.js'
import { DomainError } from '../domain-error.js'
import { isUnitKind } from '../units/unit-vocabulary.js'
import { isComparator } from './target-comparators.js'
import { parseDeadlineRule } from '../periods/deadline-rule.js'
import { isPeriodType } from '../periods/period-id.js'
import { parseWindowRule } from '../periods/period-window.js'

type Db = Kysely<Database>

export interface AssignFormInput {
  formCode: string
  unit: UnitRow
  unitKinds: string[] | null
  periodType: string
  deadline: unknown
  window: unknown
  validFrom: string | null
  validTo: string | null
  /** The document the returns report on (key or number/symbol, e.g. "72-NQ/TW"); absent or null: none. */
  document?: string | null
}

/** Creates the assignment; answers the document it names, so the caller can audit it. */
export async function assignForm(db: Db, input: AssignFormInput): Promise<{ document: DocumentRow | null }> {
  const form = await findForm(db, input.formCode)
  if (!form) throw new DomainError('FORM_NOT_FOUND', `Không có biểu mẫu "${input.formCode}"`)
  const allowed = JSON.parse(form.period_types) as string[]
  if (!isPeriodType(input.periodType) || !allowed.includes(input.periodType)) throw new DomainError('PERIOD_TYPE_NOT_ALLOWED', `Biểu ${form.code} chỉ báo cáo theo kỳ: ${allowed.join(', ')}`)
  for (const k of input.unitKinds ?? []) if (!isUnitKind(k)) throw new DomainError('BAD_UNIT_KIND', `Loại đơn vị "${k}" không có trong danh mục`)
  if (input.validFrom && input.validTo && input.validFrom > input.validTo) throw new DomainError('BAD_VALIDITY', 'Ngày bắt đầu hiệu lực sau ngày kết thúc')
  const document = input.document != null ? await documentNamed(db, input.document) : null
  await insertAssignments(db, [
    {
      form_code: form.code,
      unit_id: input.unit.id,
      unit_kinds: input.unitKinds ? JSON.stringify(input.unitKinds) : null,
      period_type: input.periodType,
      deadline_rule: JSON.stringify(parseDeadlineRule(input.deadline)),
      window_rule: JSON.stringify(parseWindowRule(input.window ?? { kind: 'calendar' })),
      valid_from: input.validFrom,
      valid_to: input.validTo,
      document_id: document?.id ?? null,
    },
  ])
  return { document }
}

export interface SetTargetInput {
  unit: UnitRow
  formCode: string
  indicatorCode: string
  year: number
  comparator: string
  value: number | null
  baselineYear: number | null
  changePercent: number | null
  note: string | null
}

export async function setTarget(db: Db, input: SetTargetInput): Promise<void> {
  const form = await findForm(db, input.formCode)
  if (!form) throw new DomainError('FORM_NOT_FOUND', `Không có biểu mẫu "${input.formCode}"`)
  const indicator = (await findIndicatorsOf(db, [form.id])).find((i) => i.code === input.indicatorCode)
  if (!indicator) throw new DomainError('INDICATOR_NOT_FOUND', `Biểu ${form.code} không có chỉ tiêu "${input.indicatorCode}"`)
  if (!isComparator(input.comparator)) throw new DomainError('BAD_COMPARATOR', `Phép so sánh "${input.comparator}" không hợp lệ (>, >=, <, <=, =)`)
  if (input.value === null && input.changePercent === null) throw new DomainError('TARGET_EMPTY', 'Cần giá trị chỉ tiêu hoặc mức tăng so với năm gốc')
  if (input.changePercent !== null && input.baselineYear === null) throw new DomainError('TARGET_NO_BASELINE', 'Chỉ tiêu tăng/giảm theo % cần năm gốc')
  for (const v of [input.value, input.changePercent]) if (v !== null && !Number.isFinite(v)) throw new DomainError('BAD_NUMBER', 'Giá trị chỉ tiêu không hợp lệ')
  await insertTargets(db, [
    { unit_id: input.unit.id, form_code: form.code, indicator_code: indicator.code, year: input.year, comparator: input.comparator, value: input.value, baseline_year: input.baselineYear, change_percent: input.changePercent, note: input.note, document_id: null },
  ])
}
