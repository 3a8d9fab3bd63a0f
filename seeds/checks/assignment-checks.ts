import { assignmentEntry } from '../seed-issue.js'
import type { IssueSink, SeedLocation } from '../seed-issue.js'
import type { UnitKind } from '../../src/domain/units/unit-vocabulary.js'
import type { AssignmentSeed, DocumentSeed, FormSeed, UnitSeed } from '../seed-schema.js'

/** Kinds present in each unit's current subtree (itself included), computed once for all assignments. */
function subtreeKinds(units: ReadonlyMap<string, UnitSeed>): (root: string) => Set<UnitKind> {
  const children = new Map<string, UnitSeed[]>()
  for (const u of units.values()) {
    if (u.parent !== null) children.set(u.parent, [...(children.get(u.parent) ?? []), u])
  }
  const cache = new Map<string, Set<UnitKind>>()
  return (root) => {
    const cached = cache.get(root)
    if (cached) return cached
    const kinds = new Set<UnitKind>()
    const seen = new Set<string>()
    const stack = [root]
    // `seen` guards against cycles, which are reported elsewhere.
    while (stack.length > 0) {
      const code = stack.pop() as string
      if (seen.has(code)) continue
      seen.add(code)
      const u = units.get(code)
      if (u) kinds.add(u.kind)
      for (const c of children.get(code) ?? []) stack.push(c.code)
    }
    cache.set(root, kinds)
    return kinds
  }
}

export function checkAssignments(
  assignments: readonly AssignmentSeed[],
  sources: readonly SeedLocation[],
  refs: { units: ReadonlyMap<string, UnitSeed>; documents: ReadonlyMap<string, DocumentSeed>; forms: ReadonlyMap<string, FormSeed[]> },
  sink: IssueSink,
): void {
  const kindsUnder = subtreeKinds(refs.units)
  assignments.forEach((a, i) => {
    const report = sink.at(sources[i], assignmentEntry(a, sources[i]?.index ?? i))
    const versions = refs.forms.get(a.form)
    if (!versions) report('SEED_UNKNOWN_FORM', `Biểu mẫu "${a.form}" không có trong thư mục forms`)
    else if (!versions.some((f) => f.periodTypes.includes(a.periodType))) {
      report('SEED_PERIOD_NOT_ALLOWED', `Biểu mẫu "${a.form}" không dùng kỳ "${a.periodType}" (chỉ: ${versions.flatMap((f) => f.periodTypes).join(', ')})`)
    }
    const root = refs.units.get(a.unit)
    if (!root) {
      report('SEED_UNKNOWN_UNIT', `Đơn vị "${a.unit}" không tồn tại`)
    } else if (a.unitKinds) {
      const present = kindsUnder(a.unit)
      for (const kind of a.unitKinds) {
        if (!present.has(kind)) report('SEED_KIND_NOT_IN_SUBTREE', `Không có đơn vị loại "${kind}" nào thuộc "${a.unit}"`)
      }
    }
    if (a.document !== undefined && !refs.documents.has(a.document)) report('SEED_UNKNOWN_DOCUMENT', `Văn bản "${a.document}" không có trong documents.json`)
    if (a.validFrom && a.validTo && a.validTo < a.validFrom) report('SEED_BAD_DATES', `validTo ${a.validTo} trước validFrom ${a.validFrom}`)
  })
}
