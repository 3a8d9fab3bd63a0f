/** The periods a form is filed for, as ids and Vietnamese labels ("Quý I/2026"), newest first. */
const ROMAN = ['I', 'II', 'III', 'IV']

export interface PeriodOption {
  id: string
  label: string
}

export function periodLabel(id: string): string {
  const m = /^(\d{4})(?:(Q|S|M|N)(\d+))?$/.exec(id)
  if (!m) return id
  const [, year, kind, index] = m
  const n = Number(index)
  if (!kind) return `Năm ${year}`
  if (kind === 'Q') return `Quý ${ROMAN[n - 1] ?? n}/${year}`
  if (kind === 'S') return `6 tháng ${n === 1 ? 'đầu' : 'cuối'} năm ${year}`
  if (kind === 'N') return `9 tháng năm ${year}`
  return `Tháng ${n}/${year}`
}

export function periodOptions(periodTypes: readonly string[], years: readonly number[]): PeriodOption[] {
  const ids: string[] = []
  for (const y of years) {
    if (periodTypes.includes('year')) ids.push(`${y}`)
    if (periodTypes.includes('nine_months')) ids.push(`${y}N9`)
    if (periodTypes.includes('half')) ids.push(`${y}S2`, `${y}S1`)
    if (periodTypes.includes('quarter')) ids.push(`${y}Q4`, `${y}Q3`, `${y}Q2`, `${y}Q1`)
    if (periodTypes.includes('month')) for (let m = 12; m >= 1; m--) ids.push(`${y}M${String(m).padStart(2, '0')}`)
  }
  return ids.map((id) => ({ id, label: periodLabel(id) }))
}

/** This period and the earlier ones of its year of the same type (for a figure over periods), oldest first; then the same period a year before. */
export function yearPeriods(id: string): string[] {
  const m = /^(\d{4})(Q|S|M)(\d+)$/.exec(id)
  if (!m) return [id]
  const [, year, kind, index] = m
  const out: string[] = []
  for (let i = 1; i <= Number(index); i++) out.push(`${year}${kind}${kind === 'M' ? String(i).padStart(2, '0') : i}`)
  return out
}

/** A period's current default: the last quarter/half that has begun, for a form of that type. */
export function defaultPeriod(periodTypes: readonly string[], today = new Date()): string {
  const y = today.getFullYear()
  const month = today.getMonth() + 1
  if (periodTypes.includes('quarter')) return `${y}Q${Math.ceil(month / 3)}`
  if (periodTypes.includes('half')) return `${y}S${month <= 6 ? 1 : 2}`
  if (periodTypes.includes('month')) return `${y}M${String(month).padStart(2, '0')}`
  return `${y}`
}
