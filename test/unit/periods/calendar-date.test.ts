import { describe, it, expect } from 'vitest'
import {
  addDays, addMonths, clampedDate, dayOfWeek, daysInMonth, diffDays, formatDmy, isIsoDate, isLeapYear, parseIsoDate,
} from '../../../src/domain/periods/calendar-date.js'
import { PeriodError } from '../../../src/domain/periods/period-error.js'

describe('calendar-date', () => {
  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2024, 2026, 2100].map(isLeapYear)).toEqual([false, true, true, false, false])
    expect(daysInMonth(2024, 2)).toBe(29)
    expect(daysInMonth(2026, 2)).toBe(28)
    expect(daysInMonth(2026, 4)).toBe(30)
    expect(daysInMonth(2026, 12)).toBe(31)
  })

  it('validates real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true)
    for (const bad of ['2026-02-29', '2026-04-31', '2026-00-10', '2026-1-5', '20260105', '0999-01-01', ' 2026-01-05']) {
      expect(isIsoDate(bad)).toBe(false)
    }
    expect(() => parseIsoDate('2026-02-29')).toThrow(PeriodError)
  })

  it('does arithmetic in UTC across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(diffDays('2026-01-01', '2027-01-01')).toBe(365)
    expect(diffDays('2024-01-01', '2025-01-01')).toBe(366)
    expect(diffDays('2026-03-15', '2026-03-14')).toBe(-1)
    expect(addMonths(2026, 1, -1)).toEqual({ year: 2025, month: 12 })
    expect(addMonths(2026, 12, 1)).toEqual({ year: 2027, month: 1 })
    expect(clampedDate(2026, 2, 31)).toBe('2026-02-28')
    expect(dayOfWeek('2026-03-14')).toBe(6)
    expect(formatDmy('2026-01-05')).toBe('05/01/2026')
  })
})
