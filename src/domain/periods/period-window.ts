import { addMonths, clampedDate, parseIsoDate } from './calendar-date.js'
import { PeriodError } from './period-error.js'
import type { Period } from './period-id.js'

/**
 * Which dates a period's figures cover. `offset` windows start on `startDay` of the month
 * before the period's first month and end on `endDay` of its last month; days past a month's
 * length fall back to its last day.
 */
export type WindowRule =
  | { kind: 'calendar' }
  | { kind: 'offset'; startDay: number; endDay: number }

export interface DataWindow {
  start: string
  end: string
}

/**
 * Nghị định 09/2019/NĐ-CP, Điều 12: month 15/(M-1)–14/M, quarter from the 15th of the month
 * before it to the 14th of its last month, first half 15/12 of the previous year to 14/6,
 * year 15/12 to 14/12. Party bodies set their own windows, so this is a default, not a rule.
 */
export const ND09_WINDOW: WindowRule = Object.freeze({ kind: 'offset', startDay: 15, endDay: 14 })

export const CALENDAR_WINDOW: WindowRule = Object.freeze({ kind: 'calendar' })

export function dataWindow(period: Period, rule: WindowRule = CALENDAR_WINDOW): DataWindow {
  // Ad hoc periods are defined by their dates; shifting them would change what was asked for.
  if (period.type === 'adhoc' || rule.kind === 'calendar') return { start: period.start, end: period.end }
  const first = parseIsoDate(period.start)
  const last = parseIsoDate(period.end)
  const before = addMonths(first.year, first.month, -1)
  return {
    start: clampedDate(before.year, before.month, rule.startDay),
    end: clampedDate(last.year, last.month, rule.endDay),
  }
}

const DAY_FIELDS = ['startDay', 'endDay'] as const

export function parseWindowRule(json: unknown): WindowRule {
  const fail = (detail: string): PeriodError =>
    new PeriodError('PERIOD_INVALID_RULE', `Quy tắc khoảng số liệu không hợp lệ: ${detail}`)
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fail('cần một đối tượng')
  const obj = json as Record<string, unknown>
  if (obj['kind'] === 'calendar') {
    const extra = Object.keys(obj).filter((k) => k !== 'kind')
    if (extra.length > 0) throw fail(`trường thừa ${extra.join(', ')}`)
    return { kind: 'calendar' }
  }
  if (obj['kind'] !== 'offset') throw fail(`kind phải là "calendar" hoặc "offset"`)
  const extra = Object.keys(obj).filter((k) => k !== 'kind' && !(DAY_FIELDS as readonly string[]).includes(k))
  if (extra.length > 0) throw fail(`trường thừa ${extra.join(', ')}`)
  for (const field of DAY_FIELDS) {
    const value = obj[field]
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 31) {
      throw fail(`${field} phải là số nguyên từ 1 đến 31`)
    }
  }
  return { kind: 'offset', startDay: obj['startDay'] as number, endDay: obj['endDay'] as number }
}
