import { addDays, clampedDate, diffDays, isIsoDate, parseIsoDate, toIsoDate } from './calendar-date.js'
import { PeriodError } from './period-error.js'
import type { Period } from './period-id.js'
import { dataWindow } from './period-window.js'
import type { WindowRule } from './period-window.js'
import { addWorkingDays } from './working-days.js'
import type { HolidayList } from './working-days.js'

export type DeadlineRule =
  /** Day `day` of the period's last calendar month (clamped to the month's length). */
  | { kind: 'day_of_last_month'; day: number }
  /** `days` calendar (or working) days after the data window ends. */
  | { kind: 'days_after_end'; days: number; workingDays?: boolean }
  | { kind: 'fixed'; date: string }

// Long enough for any yearly cycle, short enough that a typo (days: 3000) is caught.
const MAX_DAYS_AFTER_END = 366

export function deadlineFor(
  period: Period,
  rule: DeadlineRule,
  window?: WindowRule,
  holidays: HolidayList = [],
): string {
  switch (rule.kind) {
    case 'fixed':
      parseIsoDate(rule.date)
      return rule.date
    case 'day_of_last_month': {
      const last = parseIsoDate(period.end)
      return clampedDate(last.year, last.month, rule.day)
    }
    case 'days_after_end': {
      const cutoff = dataWindow(period, window).end
      return rule.workingDays ? addWorkingDays(cutoff, rule.days, holidays) : addDays(cutoff, rule.days)
    }
  }
}

// Vietnam has kept UTC+7 without daylight saving since 1975.
const VIETNAM_OFFSET_MS = 7 * 3_600_000
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i

/** The Vietnam calendar date of a submission; timestamps without an offset are taken as Vietnam time. */
export function vietnamDate(submittedAt: string | Date): string {
  const invalid = (): PeriodError =>
    new PeriodError('PERIOD_INVALID_DATE', `Thời điểm nộp "${String(submittedAt)}" không hợp lệ`)
  let instant: number
  if (submittedAt instanceof Date) {
    instant = submittedAt.getTime()
  } else {
    const m = TIMESTAMP.exec(submittedAt.trim())
    if (!m || !isIsoDate(m[1] ?? '')) throw invalid()
    const [, date = '', time, offset] = m
    if (time !== undefined && Number.isNaN(Date.parse(`${date}T${time}Z`))) throw invalid()
    if (offset === undefined) return date
    // Date.parse only promises the ISO shape, so rebuild it (space separator, +0700 offsets).
    const isoOffset = offset.toUpperCase() === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`
    instant = Date.parse(`${date}T${time ?? ''}${isoOffset}`)
  }
  if (Number.isNaN(instant)) throw invalid()
  const local = new Date(instant + VIETNAM_OFFSET_MS)
  return toIsoDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate())
}

/** Whole calendar days late; anything on the deadline's date (Vietnam time) is on time. */
export function lateDays(deadline: string, submittedAt: string | Date): number {
  parseIsoDate(deadline)
  return Math.max(0, diffDays(deadline, vietnamDate(submittedAt)))
}

export function parseDeadlineRule(json: unknown): DeadlineRule {
  const fail = (detail: string): PeriodError =>
    new PeriodError('PERIOD_INVALID_RULE', `Quy tắc hạn nộp không hợp lệ: ${detail}`)
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fail('cần một đối tượng')
  const obj = json as Record<string, unknown>
  const allow = (...keys: string[]): void => {
    const extra = Object.keys(obj).filter((k) => k !== 'kind' && !keys.includes(k))
    if (extra.length > 0) throw fail(`trường thừa ${extra.join(', ')}`)
  }
  const integer = (key: string, min: number, max: number): number => {
    const value = obj[key]
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw fail(`${key} phải là số nguyên từ ${min} đến ${max}`)
    }
    return value
  }
  switch (obj['kind']) {
    case 'day_of_last_month':
      allow('day')
      return { kind: 'day_of_last_month', day: integer('day', 1, 31) }
    case 'days_after_end': {
      allow('days', 'workingDays')
      const days = integer('days', 0, MAX_DAYS_AFTER_END)
      const workingDays = obj['workingDays']
      if (workingDays === undefined) return { kind: 'days_after_end', days }
      if (typeof workingDays !== 'boolean') throw fail('workingDays phải là true hoặc false')
      return { kind: 'days_after_end', days, workingDays }
    }
    case 'fixed': {
      allow('date')
      const date = obj['date']
      if (typeof date !== 'string' || !isIsoDate(date)) throw fail('date phải là ngày dạng YYYY-MM-DD')
      return { kind: 'fixed', date }
    }
    default:
      throw fail('kind phải là "day_of_last_month", "days_after_end" hoặc "fixed"')
  }
}
