import { describe, it, expect } from 'vitest'
import { PeriodError } from '../../../src/domain/periods/period-error.js'
import { parsePeriodId } from '../../../src/domain/periods/period-id.js'
import { ND09_WINDOW } from '../../../src/domain/periods/period-window.js'
import {
  deadlineFor, lateDays, parseDeadlineRule, vietnamDate,
} from '../../../src/domain/periods/deadline-rule.js'
import type { DeadlineRule } from '../../../src/domain/periods/deadline-rule.js'

const p = parsePeriodId

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(PeriodError)
    return (e as PeriodError).code
  }
  return undefined
}

describe('deadlineFor', () => {
  it('day_of_last_month uses the last calendar month, clamped', () => {
    const rule: DeadlineRule = { kind: 'day_of_last_month', day: 14 }
    expect(deadlineFor(p('2026Q1'), rule)).toBe('2026-03-14')
    expect(deadlineFor(p('2026S1'), rule)).toBe('2026-06-14')
    expect(deadlineFor(p('2026N9'), rule)).toBe('2026-09-14')
    expect(deadlineFor(p('2026'), rule)).toBe('2026-12-14')
    expect(deadlineFor(p('2026M03'), rule, ND09_WINDOW)).toBe('2026-03-14')
    expect(deadlineFor(p('2026-01-05_2026-02-10'), rule)).toBe('2026-02-14')
    expect(deadlineFor(p('2026Q2'), { kind: 'day_of_last_month', day: 31 })).toBe('2026-06-30')
    expect(deadlineFor(p('2024M02'), { kind: 'day_of_last_month', day: 30 })).toBe('2024-02-29')
  })

  it('days_after_end counts from the end of the data window', () => {
    const rule: DeadlineRule = { kind: 'days_after_end', days: 5 }
    expect(deadlineFor(p('2026Q1'), rule)).toBe('2026-04-05')
    expect(deadlineFor(p('2026Q1'), rule, ND09_WINDOW)).toBe('2026-03-19')
    expect(deadlineFor(p('2026'), { kind: 'days_after_end', days: 20 }, ND09_WINDOW)).toBe('2027-01-03')
    expect(deadlineFor(p('2026'), { kind: 'days_after_end', days: 10 })).toBe('2027-01-10')
    expect(deadlineFor(p('2024M02'), { kind: 'days_after_end', days: 1 })).toBe('2024-03-01')
    expect(deadlineFor(p('2026-01-05_2026-02-10'), rule, ND09_WINDOW)).toBe('2026-02-15')
  })

  it('days_after_end in working days skips weekends and holidays', () => {
    const one: DeadlineRule = { kind: 'days_after_end', days: 1, workingDays: true }
    // ND09 cutoff 14/03/2026 is a Saturday: one working day later is Monday 16/03.
    expect(deadlineFor(p('2026Q1'), one, ND09_WINDOW)).toBe('2026-03-16')
    // Calendar cutoff 31/12/2026 (Thursday): Friday 01/01 is a holiday, then the weekend.
    expect(deadlineFor(p('2026'), one)).toBe('2027-01-04')
    expect(deadlineFor(p('2026-04-01_2026-04-29'), one)).toBe('2026-05-04')
    expect(deadlineFor(p('2026-02-01_2026-02-13'), one, undefined, ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'])).toBe('2026-02-23')
    expect(deadlineFor(p('2026-02-01_2026-02-13'), { kind: 'days_after_end', days: 3, workingDays: false })).toBe('2026-02-16')
  })

  it('fixed returns its date and validates it', () => {
    expect(deadlineFor(p('2026Q1'), { kind: 'fixed', date: '2026-04-10' })).toBe('2026-04-10')
    expect(codeOf(() => deadlineFor(p('2026Q1'), { kind: 'fixed', date: '2026-04-31' }))).toBe('PERIOD_INVALID_DATE')
  })
})

describe('lateDays', () => {
  it('is zero on or before the deadline day', () => {
    expect(lateDays('2026-03-14', '2026-03-14')).toBe(0)
    expect(lateDays('2026-03-14', '2026-03-01')).toBe(0)
    expect(lateDays('2026-03-14', '2026-03-14T23:59:59')).toBe(0)
  })

  it('counts whole calendar days after it', () => {
    expect(lateDays('2026-03-14', '2026-03-15')).toBe(1)
    expect(lateDays('2026-03-14', '2026-04-14')).toBe(31)
    expect(lateDays('2024-02-28', '2024-03-01')).toBe(2)
    expect(lateDays('2026-12-31', '2027-01-01T08:00:00+07:00')).toBe(1)
  })

  it('reads timestamps in Vietnam time (UTC+7)', () => {
    expect(lateDays('2026-03-14', '2026-03-14T16:59:59Z')).toBe(0)
    expect(lateDays('2026-03-14', '2026-03-14T17:00:00Z')).toBe(1)
    expect(lateDays('2026-03-14', '2026-03-14T17:00:00.000Z')).toBe(1)
    expect(lateDays('2026-03-14', '2026-03-15T00:10:00+07:00')).toBe(1)
    expect(lateDays('2026-03-14', '2026-03-15T00:10+0700')).toBe(1)
    expect(lateDays('2026-03-14', '2026-03-14 20:00:00-05:00')).toBe(1)
    expect(lateDays('2026-03-14', new Date('2026-03-14T16:00:00Z'))).toBe(0)
    expect(lateDays('2026-03-14', new Date('2026-03-14T17:00:00Z'))).toBe(1)
    expect(vietnamDate('2026-03-14T17:00:00Z')).toBe('2026-03-15')
  })

  it('rejects what is not a date', () => {
    for (const bad of ['hôm qua', '2026-02-30', '2026-03-14T25:00:00Z', '14/03/2026', '2026-03-14T10:00+25']) {
      expect(codeOf(() => lateDays('2026-03-14', bad))).toBe('PERIOD_INVALID_DATE')
    }
    expect(codeOf(() => lateDays('2026-03-14', new Date(Number.NaN)))).toBe('PERIOD_INVALID_DATE')
    expect(codeOf(() => lateDays('14/03/2026', '2026-03-15'))).toBe('PERIOD_INVALID_DATE')
  })
})

describe('parseDeadlineRule', () => {
  it.each([
    { kind: 'day_of_last_month', day: 14 },
    { kind: 'days_after_end', days: 5 },
    { kind: 'days_after_end', days: 0, workingDays: true },
    { kind: 'days_after_end', days: 3, workingDays: false },
    { kind: 'fixed', date: '2026-04-10' },
  ])('accepts %j', (json) => {
    const rule = parseDeadlineRule(JSON.parse(JSON.stringify(json)))
    expect(rule).toEqual(json)
    expect(rule).not.toBe(json)
  })

  it.each([
    null, undefined, 'fixed', 14, [], {}, { kind: 'weekly' },
    { kind: 'day_of_last_month' },
    { kind: 'day_of_last_month', day: 0 },
    { kind: 'day_of_last_month', day: 32 },
    { kind: 'day_of_last_month', day: 14.5 },
    { kind: 'day_of_last_month', day: '14' },
    { kind: 'day_of_last_month', day: 14, days: 3 },
    { kind: 'days_after_end', days: -1 },
    { kind: 'days_after_end', days: 367 },
    { kind: 'days_after_end', days: 5, workingDays: 'yes' },
    { kind: 'days_after_end', days: 5, workingday: true },
    { kind: 'fixed' },
    { kind: 'fixed', date: '2026-13-01' },
    { kind: 'fixed', date: '10/04/2026' },
  ])('rejects %j with PERIOD_INVALID_RULE', (json) => {
    expect(codeOf(() => parseDeadlineRule(json))).toBe('PERIOD_INVALID_RULE')
    expect(() => parseDeadlineRule(json)).toThrow(/^Quy tắc hạn nộp không hợp lệ/)
  })
})
