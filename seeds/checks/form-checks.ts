import { formEntry } from '../seed-issue.js'
import type { IssueSink, SeedIssueCode, SeedLocation } from '../seed-issue.js'
import type { UnitAggregation, ValueType } from '../../src/domain/forms/form-vocabulary.js'
import type { FormSeed, IndicatorSeed } from '../seed-schema.js'

const NUMERIC: readonly ValueType[] = ['integer', 'decimal']

// Which unit aggregations make sense for each value type (domain.md §5).
const ALLOWED_UNIT_AGG: Record<ValueType, readonly UnitAggregation[]> = {
  integer: ['sum', 'weighted_avg', 'none'],
  decimal: ['sum', 'weighted_avg', 'none'],
  ratio: ['ratio'],
  boolean: ['count_true', 'none'],
  choice: ['count_by_option', 'none'],
  text: ['list', 'none'],
  date: ['list', 'none'],
}

type Report = (code: SeedIssueCode, message: string) => void

/** Numerator, denominator and weight must name plain numeric indicators of the same form. */
function checkReference(role: string, code: string | undefined, indicators: ReadonlyMap<string, IndicatorSeed>, report: Report): void {
  if (code === undefined) return
  const ref = indicators.get(code)
  if (!ref) report('SEED_UNKNOWN_INDICATOR', `${role} "${code}" không có trong biểu mẫu`)
  else if (!NUMERIC.includes(ref.type)) report('SEED_NOT_NUMERIC', `${role} "${code}" phải là chỉ tiêu số (integer/decimal), không phải ${ref.type}`)
}

function checkIndicator(i: IndicatorSeed, indicators: ReadonlyMap<string, IndicatorSeed>, report: Report): void {
  if (!ALLOWED_UNIT_AGG[i.type].includes(i.unitAgg)) {
    report('SEED_AGGREGATION_MISMATCH', `Kiểu ${i.type} không tổng hợp theo đơn vị bằng "${i.unitAgg}"`)
  }
  if (i.type === 'ratio' && i.timeAgg !== 'none') {
    // A ratio over time is recomputed from its summed components, never carried itself.
    report('SEED_AGGREGATION_MISMATCH', `Tỷ lệ phải có timeAgg "none" (tính lại từ tử số và mẫu số), không phải "${i.timeAgg}"`)
  }
  if (i.type === 'ratio' || i.unitAgg === 'ratio') {
    if (!i.numerator || !i.denominator) report('SEED_RATIO_INCOMPLETE', 'Chỉ tiêu tỷ lệ phải có cả "numerator" (tử số) và "denominator" (mẫu số)')
    checkReference('numerator', i.numerator, indicators, report)
    checkReference('denominator', i.denominator, indicators, report)
  } else if (i.numerator !== undefined || i.denominator !== undefined) {
    report('SEED_AGGREGATION_MISMATCH', 'Chỉ chỉ tiêu tỷ lệ mới có "numerator"/"denominator"')
  }
  if (i.unitAgg === 'weighted_avg') {
    if (!i.weight) report('SEED_WEIGHT_MISSING', 'Bình quân gia quyền phải có "weight" (chỉ tiêu quyền số, ví dụ dân số)')
    checkReference('weight', i.weight, indicators, report)
  }
  if (i.type === 'choice') {
    const choices = i.choices ?? []
    if (choices.length === 0) report('SEED_CHOICES_MISSING', 'Chỉ tiêu lựa chọn phải có danh sách "choices"')
    const dup = choices.find((c, k) => choices.indexOf(c) !== k)
    if (dup !== undefined) report('SEED_CHOICES_MISSING', `Lựa chọn "${dup}" bị lặp`)
  }
  if (i.min !== undefined && i.max !== undefined && i.min > i.max) report('SEED_BAD_RANGE', `min ${i.min} lớn hơn max ${i.max}`)
}

export function checkForms(forms: readonly FormSeed[], sources: readonly SeedLocation[], sink: IssueSink): Map<string, FormSeed[]> {
  const byCode = new Map<string, FormSeed[]>()
  forms.forEach((form, fi) => {
    const location = sources[fi]
    const entry = formEntry(form)
    const versions = byCode.get(form.code) ?? []
    if (versions.some((v) => v.version === form.version)) {
      sink.at(location, entry)('SEED_DUPLICATE_FORM', `Biểu mẫu "${form.code}" phiên bản ${form.version} đã có ở tệp khác`)
    } else {
      byCode.set(form.code, [...versions, form])
    }
    const indicators = new Map<string, IndicatorSeed>()
    const sectionCodes = new Set<string>()
    form.sections.forEach((s, si) => {
      if (sectionCodes.has(s.code)) sink.at(location, `${entry}, sections[${si}]`)('SEED_DUPLICATE_SECTION', `Mục "${s.code}" bị lặp`)
      sectionCodes.add(s.code)
      s.indicators.forEach((i, ii) => {
        if (indicators.has(i.code)) {
          sink.at(location, `${entry}, sections[${si}].indicators[${ii}] (code "${i.code}")`)('SEED_DUPLICATE_INDICATOR', `Mã chỉ tiêu "${i.code}" bị lặp trong biểu mẫu`)
        } else {
          indicators.set(i.code, i)
        }
      })
    })
    form.sections.forEach((s, si) =>
      s.indicators.forEach((i, ii) => checkIndicator(i, indicators, sink.at(location, `${entry}, sections[${si}].indicators[${ii}] (code "${i.code}")`))),
    )
    form.rules.forEach((r, ri) => {
      const report = sink.at(location, `${entry}, rules[${ri}] (${r.left} ${r.op} ${r.right})`)
      for (const code of [r.left, r.right]) {
        const ref = indicators.get(code)
        if (!ref) report('SEED_UNKNOWN_INDICATOR', `Quy tắc dùng chỉ tiêu "${code}" không có trong biểu mẫu`)
        else if (!NUMERIC.includes(ref.type) && ref.type !== 'ratio') report('SEED_NOT_NUMERIC', `Quy tắc so sánh chỉ tiêu "${code}" kiểu ${ref.type}`)
      }
    })
  })
  return byCode
}

/** Indicator of a form by code, in any version. */
export function findIndicator(versions: readonly FormSeed[], code: string): IndicatorSeed | undefined {
  for (const f of versions) {
    for (const s of f.sections) {
      const hit = s.indicators.find((i) => i.code === code)
      if (hit) return hit
    }
  }
  return undefined
}
