import type { TextAnswer } from './consolidated-report-data.js'

export interface UnitTexts {
  unitName: string
  texts: TextAnswer[]
}

/**
 * The texts grouped by unit, each unit once, in unit order. The engine gives one list per indicator, each in unit
 * order (domain.md §5.4); printed as they come, a unit that wrote under two indicators got two headings. The order
 * of units is what every list agrees on (a topological merge of the lists), ties by first appearance; within a unit
 * the texts keep the form's order of indicators.
 */
export function textsByUnit(texts: readonly TextAnswer[]): UnitTexts[] {
  const keyOf = (t: TextAnswer) => t.unitCode ?? t.unitName
  const groups = new Map<string, UnitTexts>()
  const after = new Map<string, Set<string>>()
  const before = new Map<string, number>()
  texts.forEach((t, i) => {
    const key = keyOf(t)
    if (!groups.has(key)) {
      groups.set(key, { unitName: t.unitName, texts: [] })
      after.set(key, new Set())
      before.set(key, 0)
    }
    ;(groups.get(key) as UnitTexts).texts.push(t)
    const prev = texts[i - 1]
    if (prev && prev.indicatorCode === t.indicatorCode && keyOf(prev) !== key && !after.get(keyOf(prev))?.has(key)) {
      after.get(keyOf(prev))?.add(key)
      before.set(key, (before.get(key) ?? 0) + 1)
    }
  })
  const first = [...groups.keys()]
  const out: UnitTexts[] = []
  const done = new Set<string>()
  while (out.length < first.length) {
    // the first unit (by appearance) nothing still waiting comes before; on a cycle (lists that disagree), the first left
    const next = first.find((k) => !done.has(k) && (before.get(k) ?? 0) === 0) ?? first.find((k) => !done.has(k)) as string
    done.add(next)
    out.push(groups.get(next) as UnitTexts)
    for (const k of after.get(next) ?? []) before.set(k, (before.get(k) ?? 0) - 1)
  }
  return out
}
