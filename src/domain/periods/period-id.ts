import {
  addDays, clampedDate, daysInMonth, diffDays, lastDayOfMonth, parseIsoDate, toIsoDate,
  tryParseIsoDate,
} from './calendar-date.js'
import { PeriodError } from './period-error.js'

export type PeriodType = 'month' | 'quarter' | 'half' | 'nine_months' | 'year' | 'adhoc'
export type StandardPeriodType = Exclude<PeriodType, 'adhoc'>

export interface Period {
  id: string
  type: PeriodType
  year: number
  /** month 1-12, quarter 1-4, half 1-2, 1 for nine_months/year, 0 for adhoc */
  index: number
  /** YYYY-MM-DD, calendar start */
  start: string
  /** YYYY-MM-DD, inclusive */
  end: string
}

export const PERIOD_TYPES = ['month', 'quarter', 'half', 'nine_months', 'year', 'adhoc'] as const satisfies readonly PeriodType[]

// Per standard type: how many periods a year has and which months period `index` spans.
const SHAPE: Record<StandardPeriodType, { count: number; months: number; suffix: (i: number) => string }> = {
  month: { count: 12, months: 1, suffix: (i) => `M${String(i).padStart(2, '0')}` },
  quarter: { count: 4, months: 3, suffix: (i) => `Q${i}` },
  half: { count: 2, months: 6, suffix: (i) => `S${i}` },
  nine_months: { count: 1, months: 9, suffix: () => 'N9' },
  year: { count: 1, months: 12, suffix: () => '' },
}

const STANDARD_ID = /^([1-9]\d{3})(?:M(\d{2})|Q(\d)|S(\d)|(N9))?$/
const ADHOC_ID = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/

export function isPeriodType(value: unknown): value is PeriodType {
  return typeof value === 'string' && (PERIOD_TYPES as readonly string[]).includes(value)
}

function invalidId(id: string): PeriodError {
  return new PeriodError('PERIOD_INVALID_ID', `Mã kỳ báo cáo "${id}" không hợp lệ`)
}

function requireStandard(type: PeriodType, what: string): StandardPeriodType {
  if (type === 'adhoc' || !isPeriodType(type)) {
    throw new PeriodError('PERIOD_INVALID_TYPE', `Loại kỳ báo cáo "${String(type)}" không dùng được để ${what}`)
  }
  return type
}

function buildStandard(type: StandardPeriodType, year: number, index: number): Period | null {
  const shape = SHAPE[type]
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null
  if (!Number.isInteger(index) || index < 1 || index > shape.count) return null
  const firstMonth = (index - 1) * shape.months + 1
  const lastMonth = firstMonth + shape.months - 1
  return {
    id: `${year}${shape.suffix(index)}`,
    type,
    year,
    index,
    start: toIsoDate(year, firstMonth, 1),
    end: lastDayOfMonth(year, lastMonth),
  }
}

export function formatPeriodId(type: PeriodType, year: number, index: number): string {
  return standardPeriod(type, year, index).id
}

export function standardPeriod(type: PeriodType, year: number, index: number): Period {
  const period = buildStandard(requireStandard(type, 'tạo mã kỳ theo số thứ tự'), year, index)
  if (!period) throw new PeriodError('PERIOD_INVALID_ID', `Kỳ báo cáo (${type}, năm ${year}, số ${index}) không hợp lệ`)
  return period
}

export function adhocPeriod(start: string, end: string): Period {
  const from = parseIsoDate(start)
  parseIsoDate(end)
  if (start > end) {
    throw new PeriodError('PERIOD_INVALID_RANGE', `Ngày bắt đầu ${start} sau ngày kết thúc ${end}`)
  }
  return { id: `${start}_${end}`, type: 'adhoc', year: from.year, index: 0, start, end }
}

export function tryParsePeriodId(id: string): Period | null {
  if (typeof id !== 'string') return null
  const adhoc = ADHOC_ID.exec(id)
  if (adhoc) {
    const [, start = '', end = ''] = adhoc
    return tryParseIsoDate(start) && tryParseIsoDate(end) && start <= end ? adhocPeriod(start, end) : null
  }
  const m = STANDARD_ID.exec(id)
  if (!m) return null
  const year = Number(m[1])
  if (m[2] !== undefined) return buildStandard('month', year, Number(m[2]))
  if (m[3] !== undefined) return buildStandard('quarter', year, Number(m[3]))
  if (m[4] !== undefined) return buildStandard('half', year, Number(m[4]))
  if (m[5] !== undefined) return buildStandard('nine_months', year, 1)
  return buildStandard('year', year, 1)
}

export function parsePeriodId(id: string): Period {
  const period = tryParsePeriodId(id)
  if (!period) throw invalidId(String(id))
  return period
}

export function listPeriods(type: PeriodType, year: number): Period[] {
  const standard = requireStandard(type, 'liệt kê các kỳ trong năm')
  return Array.from({ length: SHAPE[standard].count }, (_, i) => standardPeriod(standard, year, i + 1))
}

/**
 * The standard period with exactly these dates, else an ad hoc one: keeps "lũy kế" and
 * other derived periods on their canonical ids whenever one exists.
 */
export function periodFromDates(start: string, end: string): Period {
  const adhoc = adhocPeriod(start, end)
  const s = parseIsoDate(start)
  const e = parseIsoDate(end)
  if (s.day !== 1 || e.day !== daysInMonth(e.year, e.month) || s.year !== e.year) return adhoc
  const months = e.month - s.month + 1
  for (const type of Object.keys(SHAPE) as StandardPeriodType[]) {
    const shape = SHAPE[type]
    if (shape.months === months && (s.month - 1) % months === 0) {
      const period = buildStandard(type, s.year, (s.month - 1) / months + 1)
      if (period) return period
    }
  }
  return adhoc
}

export function periodContains(outer: Period, inner: Period): boolean {
  return outer.start <= inner.start && inner.end <= outer.end
}

/** Whole periods of `type` lying inside `period`, in date order (partial overlaps are left out). */
export function subPeriods(period: Period, type: PeriodType): Period[] {
  const standard = requireStandard(type, 'chia nhỏ kỳ báo cáo')
  const result: Period[] = []
  for (let year = Number(period.start.slice(0, 4)); year <= Number(period.end.slice(0, 4)); year++) {
    for (const p of listPeriods(standard, year)) if (periodContains(period, p)) result.push(p)
  }
  return result
}

/** "Lũy kế": 1 January of the year the period ends in, through the period's end. */
export function yearToDate(period: Period): Period {
  return periodFromDates(`${period.end.slice(0, 4)}-01-01`, period.end)
}

// Month ends stay month ends (28/02/2025 → 29/02/2024) so "to the end of February" compares like with like.
function shiftYears(date: string, years: number): string {
  const { year, month, day } = parseIsoDate(date)
  const isMonthEnd = day === daysInMonth(year, month)
  return isMonthEnd ? lastDayOfMonth(year + years, month) : clampedDate(year + years, month, day)
}

/** "Cùng kỳ năm trước". */
export function samePeriodLastYear(period: Period): Period {
  if (period.type === 'adhoc') return adhocPeriod(shiftYears(period.start, -1), shiftYears(period.end, -1))
  return standardPeriod(period.type, period.year - 1, period.index)
}

/** The period of the same type just before; for ad hoc, the same number of days just before. */
export function previousPeriod(period: Period): Period {
  if (period.type === 'adhoc') {
    const end = addDays(period.start, -1)
    return adhocPeriod(addDays(end, -diffDays(period.start, period.end)), end)
  }
  if (period.index > 1) return standardPeriod(period.type, period.year, period.index - 1)
  return standardPeriod(period.type, period.year - 1, SHAPE[period.type].count)
}
