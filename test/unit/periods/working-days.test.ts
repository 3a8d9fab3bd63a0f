import { describe, it, expect } from 'vitest'
import { PeriodError } from '../../../src/domain/periods/period-error.js'
import {
  addWorkingDays, isWorkingDay, nextWorkingDay, VIETNAM_FIXED_HOLIDAYS,
} from '../../../src/domain/periods/working-days.js'

// Tết Bính Ngọ 2026 as announced: Saturday 14/02 to Sunday 22/02.
const TET_2026 = ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']

describe('isWorkingDay', () => {
  it('skips weekends', () => {
    expect(isWorkingDay('2026-03-13')).toBe(true) // Friday
    expect(isWorkingDay('2026-03-14')).toBe(false) // Saturday
    expect(isWorkingDay('2026-03-15')).toBe(false) // Sunday
    expect(isWorkingDay('2026-03-16')).toBe(true) // Monday
  })

  it('skips the fixed holidays every year', () => {
    expect(VIETNAM_FIXED_HOLIDAYS).toEqual(['01-01', '04-30', '05-01', '09-02'])
    for (const day of ['2026-01-01', '2026-04-30', '2026-05-01', '2026-09-02', '2027-09-02']) {
      expect(isWorkingDay(day)).toBe(false)
    }
  })

  it('takes extra holidays as full dates or MM-DD', () => {
    expect(isWorkingDay('2026-02-17')).toBe(true)
    expect(isWorkingDay('2026-02-17', TET_2026)).toBe(false)
    expect(isWorkingDay('2027-02-17', TET_2026)).toBe(true)
    expect(isWorkingDay('2026-09-01', ['09-01'])).toBe(false)
    expect(isWorkingDay('2027-09-01', ['09-01'])).toBe(false)
  })

  it('rejects malformed holidays and dates', () => {
    for (const bad of ['2026-2-17', '13-01', '02-30x', '']) {
      try {
        isWorkingDay('2026-02-17', [bad])
        expect.unreachable()
      } catch (e) {
        expect((e as PeriodError).code).toBe('PERIOD_INVALID_DATE')
      }
    }
    expect(() => isWorkingDay('2026-02-30')).toThrow(PeriodError)
  })
})

describe('addWorkingDays / nextWorkingDay', () => {
  it('counts working days after the date', () => {
    expect(addWorkingDays('2026-03-13', 1)).toBe('2026-03-16')
    expect(addWorkingDays('2026-03-14', 1)).toBe('2026-03-16')
    expect(addWorkingDays('2026-03-16', 5)).toBe('2026-03-23')
    expect(addWorkingDays('2026-04-29', 1)).toBe('2026-05-04')
    expect(addWorkingDays('2026-02-13', 1, TET_2026)).toBe('2026-02-23')
    expect(addWorkingDays('2025-12-31', 1)).toBe('2026-01-02')
    expect(addWorkingDays('2026-03-14', 0)).toBe('2026-03-14')
  })

  it('rejects negative or fractional counts', () => {
    for (const n of [-1, 1.5, Number.NaN]) {
      try {
        addWorkingDays('2026-03-13', n)
        expect.unreachable()
      } catch (e) {
        expect((e as PeriodError).code).toBe('PERIOD_INVALID_RULE')
      }
    }
  })

  it('rolls forward to a working day', () => {
    expect(nextWorkingDay('2026-03-16')).toBe('2026-03-16')
    expect(nextWorkingDay('2026-04-30')).toBe('2026-05-04')
    expect(nextWorkingDay('2026-02-14', TET_2026)).toBe('2026-02-23')
  })
})
