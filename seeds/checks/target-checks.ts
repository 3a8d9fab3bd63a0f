import { targetEntry } from '../seed-issue.js'
import type { IssueSink, SeedLocation } from '../seed-issue.js'
import type { DocumentSeed, FormSeed, TargetSeed, UnitSeed } from '../seed-schema.js'
import { findIndicator } from './form-checks.js'

// Targets compare a figure; text, yes/no and choices have nothing to compare.
const COMPARABLE = new Set(['integer', 'decimal', 'ratio'])

export function checkTargets(
  targets: readonly TargetSeed[],
  sources: readonly SeedLocation[],
  refs: { units: ReadonlyMap<string, UnitSeed>; documents: ReadonlyMap<string, DocumentSeed>; forms: ReadonlyMap<string, FormSeed[]> },
  sink: IssueSink,
): void {
  const seen = new Map<string, number>()
  targets.forEach((t, i) => {
    const report = sink.at(sources[i], targetEntry(t, sources[i]?.index ?? i))
    if (!refs.units.has(t.unit)) report('SEED_UNKNOWN_UNIT', `Đơn vị "${t.unit}" không tồn tại`)
    const versions = refs.forms.get(t.form)
    if (!versions) {
      report('SEED_UNKNOWN_FORM', `Biểu mẫu "${t.form}" không có trong thư mục forms`)
    } else {
      const indicator = findIndicator(versions, t.indicator)
      if (!indicator) report('SEED_UNKNOWN_INDICATOR', `Chỉ tiêu "${t.indicator}" không có trong biểu mẫu "${t.form}"`)
      else if (!COMPARABLE.has(indicator.type)) report('SEED_NOT_NUMERIC', `Chỉ tiêu "${t.indicator}" kiểu ${indicator.type} không đặt mục tiêu bằng số được`)
    }
    if (!refs.documents.has(t.document)) report('SEED_UNKNOWN_DOCUMENT', `Văn bản "${t.document}" không có trong documents.json`)
    const hasValue = t.value !== undefined
    const hasChange = t.changePercent !== undefined
    if (!hasValue && !hasChange) report('SEED_TARGET_VALUE', 'Mục tiêu phải có "value" hoặc "changePercent"')
    if (hasValue && hasChange) report('SEED_TARGET_VALUE', 'Mục tiêu chỉ được có một trong "value" và "changePercent"')
    if (hasChange && t.baselineYear === undefined) report('SEED_TARGET_BASELINE', '"changePercent" cần "baselineYear" (năm gốc để so sánh)')
    if (!hasChange && t.baselineYear !== undefined) report('SEED_TARGET_BASELINE', '"baselineYear" chỉ dùng cùng "changePercent"')
    if (t.baselineYear !== undefined && t.baselineYear >= t.year) report('SEED_TARGET_BASELINE', `Năm gốc ${t.baselineYear} phải trước năm mục tiêu ${t.year}`)
    const key = [t.unit, t.form, t.indicator, t.year, t.comparator].join('|')
    const first = seen.get(key)
    if (first !== undefined) report('SEED_DUPLICATE_TARGET', `Trùng với targets[${sources[first]?.index ?? first}]`)
    else seen.set(key, i)
  })
}
