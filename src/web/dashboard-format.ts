import { num } from './format'

/** How the dashboard writes a rolled-up figure and a target's status, in Vietnamese. The tests read these same strings. */
export interface FigureLike {
  valueType: string
  value?: number | null
  numerator?: number | null
  denominator?: number | null
  options?: readonly { option: string; count: number }[]
  textCount?: number
}

export function figureText(f: FigureLike): string {
  if (f.valueType === 'text') return f.textCount ? `${num(f.textCount)} ý kiến` : '—'
  if (f.valueType === 'choice') return f.options?.length ? f.options.map((o) => `${o.option}: ${num(o.count)}`).join('; ') : '—'
  if (f.value === null || f.value === undefined) return '—'
  if (f.valueType === 'boolean') return `${num(f.value)}/${num(f.denominator ?? 0)} có`
  if (f.valueType === 'ratio') return `${num(f.value)} %`
  return num(f.value)
}

export const STATUS_WORDS: Record<string, string> = { MET: 'Đạt', NOT_MET: 'Chưa đạt', NO_DATA: 'chưa có số liệu' }

export function comparatorText(comparator: string): string {
  return ({ '>': '>', '>=': '≥', '<': '<', '<=': '≤', '=': '=' } as Record<string, string>)[comparator] ?? comparator
}

/** The words beside a figure apportioned through a split (lineage): never shown by colour alone. */
export const ESTIMATE_TEXT = 'ước tính theo tỷ lệ'

/** `xem=quy-doi` in the address: a past period restated onto today's tree ("Theo đơn vị hiện nay"). */
export const RESTATED_PARAM = 'quy-doi'

export function dashboardHref(target: { unit: string; form: string; period: string; view?: 'RESTATED' | undefined }): string {
  const q = new URLSearchParams({ 'don-vi': target.unit, bieu: target.form, ky: target.period })
  if (target.view === 'RESTATED') q.set('xem', RESTATED_PARAM)
  return `/tong-hop?${q}`
}
