import type { ConsolidatedChild, ExportValue } from './consolidated-report-data.js'
import { allIndicators, type ExportForm, type ExportIndicator } from './form-shape.js'
import { numberFormatFor } from './template-validation.js'
import { FORMAT_INTEGER } from './workbook-style.js'

/**
 * The columns of "Chi tiết": each holds a number that sums over the children, so every "Tổng cộng" cell is a formula
 * over its own column and equals the engine's figure for the unit (domain.md §5):
 * - integer, decimal: the value (SUM); a weighted average (YT21) beside its weight, the sum of the weights behind the
 *   child's value (SUMPRODUCT/SUM), not the child's whole population, which may include units that gave no value;
 * - ratio: the child's ratio, and in the total SUM(numerator)/SUM(denominator) over the component columns;
 * - yes/no: units answering "Có" and units answering (k and n: the total reads k of n);
 * - choice: one column per option, the units that chose it;
 * - text: the units that wrote one (the texts are on the "Ý kiến" sheet).
 */
export type DetailKind = 'value' | 'weight' | 'ratio' | 'yes' | 'reporting' | 'option' | 'texts'

export interface DetailColumn {
  ind: ExportIndicator
  kind: DetailKind
  option?: string
  /** Row 5: the code row. */
  code: string
  /** Row 4: the label row. */
  label: string
  numFmt: string | undefined
}

function withUnit(label: string, unit: string | null | undefined): string {
  return unit ? `${label} (${unit})` : label
}

export function detailColumns(form: ExportForm, children: readonly ConsolidatedChild[]): DetailColumn[] {
  const inds = allIndicators(form)
  const byCode = new Map(inds.map((i) => [i.code, i]))
  const out: DetailColumn[] = []
  for (const ind of inds) {
    const count = (kind: DetailKind, code: string, label: string, option?: string): DetailColumn => ({ ind, kind, code, label, numFmt: FORMAT_INTEGER, ...(option !== undefined ? { option } : {}) })
    switch (ind.valueType) {
      case 'boolean':
        out.push(count('yes', `${ind.code}: Có`, `${ind.label}: số đơn vị trả lời "Có"`))
        out.push(count('reporting', `${ind.code}: số ĐV`, `${ind.label}: số đơn vị đã trả lời`))
        break
      case 'choice':
        for (const option of optionsOf(ind, children)) out.push(count('option', `${ind.code}: ${option}`, `${ind.label}: ${option} (số đơn vị)`, option))
        break
      case 'text':
        out.push(count('texts', `${ind.code}: số ĐV`, `${ind.label}: số đơn vị có ý kiến (xem sheet "Ý kiến")`))
        break
      case 'ratio':
        out.push({ ind, kind: 'ratio', code: ind.code, label: withUnit(ind.label, ind.unitOfMeasure), numFmt: numberFormatFor(ind) })
        break
      default: {
        out.push({ ind, kind: 'value', code: ind.code, label: withUnit(ind.label, ind.unitOfMeasure), numFmt: numberFormatFor(ind) })
        const weight = ind.weightCode ? byCode.get(ind.weightCode) : undefined
        if (ind.valueType === 'decimal' && weight) out.push({ ind, kind: 'weight', code: `${ind.code}: quyền số`, label: `Quyền số của ${ind.code}: ${withUnit(weight.label, weight.unitOfMeasure)} của các đơn vị có số liệu ${ind.code}`, numFmt: numberFormatFor(weight) })
      }
    }
  }
  return out
}

/** The form's options, then any other answer a child's units gave (as the engine lists them). */
function optionsOf(ind: ExportIndicator, children: readonly ConsolidatedChild[]): string[] {
  const declared = [...(ind.choices ?? [])]
  const seen = new Set(declared)
  const extra = new Set<string>()
  for (const c of children) for (const k of Object.keys(c.counts?.[ind.code]?.options ?? {})) if (!seen.has(k)) extra.add(k)
  return [...declared, ...[...extra].sort()]
}

const YES = new Set<ExportValue>([true, 'Có'])
const NO = new Set<ExportValue>([false, 'Không'])

/** k of n from a child's yes/no value: "2/3" (a consolidated figure), or one unit's own "Có"/"Không". */
function yesNo(child: ConsolidatedChild, code: string): { yes: number; reporting: number } | null {
  const c = child.counts?.[code]
  if (c && c.yes !== undefined) return c.reporting > 0 ? { yes: c.yes, reporting: c.reporting } : null
  const v = child.values[code] ?? null
  if (YES.has(v)) return { yes: 1, reporting: 1 }
  if (NO.has(v)) return { yes: 0, reporting: 1 }
  const m = typeof v === 'string' ? /^(\d+)\/(\d+)$/.exec(v) : null
  return m ? { yes: Number(m[1]), reporting: Number(m[2]) } : null
}

function num(v: ExportValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** The number a child puts in a column (null: nothing reported). Ratios are computed by the caller from components. */
export function childCell(col: DetailColumn, child: ConsolidatedChild): number | null {
  const code = col.ind.code
  switch (col.kind) {
    case 'value':
      return num(child.values[code])
    case 'weight': {
      if (num(child.values[code]) === null) return null
      const w = child.counts?.[code]?.weight
      return w !== undefined ? w : num(child.values[col.ind.weightCode as string])
    }
    case 'yes':
      return yesNo(child, code)?.yes ?? null
    case 'reporting':
      return yesNo(child, code)?.reporting ?? null
    case 'option': {
      const c = child.counts?.[code]
      if (c) return c.reporting > 0 ? (c.options?.[col.option as string] ?? 0) : null
      const v = child.values[code]
      return typeof v === 'string' && v !== '' ? (v === col.option ? 1 : 0) : null
    }
    case 'texts': {
      const c = child.counts?.[code]
      return c ? c.reporting : null
    }
    default:
      return null
  }
}
