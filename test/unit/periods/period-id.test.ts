import { describe, it, expect } from 'vitest'
import { PeriodError } from '../../../src/domain/periods/period-error.js'
import {
  adhocPeriod, formatPeriodId, listPeriods, parsePeriodId, periodContains, periodFromDates, previousPeriod,
  samePeriodLastYear, standardPeriod, subPeriods, tryParsePeriodId, yearToDate,
} from '../../../src/domain/periods/period-id.js'
import type { PeriodType } from '../../../src/domain/periods/period-id.js'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(PeriodError)
    return (e as PeriodError).code
  }
  return undefined
}

const ids = (periods: { id: string }[]): string[] => periods.map((p) => p.id)

describe('parsePeriodId', () => {
  it('parses every standard type with calendar dates', () => {
    expect(parsePeriodId('2026M03')).toEqual({ id: '2026M03', type: 'month', year: 2026, index: 3, start: '2026-03-01', end: '2026-03-31' })
    expect(parsePeriodId('2026Q1')).toEqual({ id: '2026Q1', type: 'quarter', year: 2026, index: 1, start: '2026-01-01', end: '2026-03-31' })
    expect(parsePeriodId('2026Q4')).toMatchObject({ start: '2026-10-01', end: '2026-12-31' })
    expect(parsePeriodId('2026S1')).toEqual({ id: '2026S1', type: 'half', year: 2026, index: 1, start: '2026-01-01', end: '2026-06-30' })
    expect(parsePeriodId('2026S2')).toMatchObject({ type: 'half', index: 2, start: '2026-07-01', end: '2026-12-31' })
    expect(parsePeriodId('2026N9')).toEqual({ id: '2026N9', type: 'nine_months', year: 2026, index: 1, start: '2026-01-01', end: '2026-09-30' })
    expect(parsePeriodId('2026')).toEqual({ id: '2026', type: 'year', year: 2026, index: 1, start: '2026-01-01', end: '2026-12-31' })
  })

  it('parses ad hoc ids with inclusive dates', () => {
    expect(parsePeriodId('2026-01-05_2026-02-10')).toEqual({
      id: '2026-01-05_2026-02-10', type: 'adhoc', year: 2026, index: 0, start: '2026-01-05', end: '2026-02-10',
    })
    expect(parsePeriodId('2026-03-01_2026-03-01').start).toBe('2026-03-01')
  })

  it('knows leap years', () => {
    expect(parsePeriodId('2024M02').end).toBe('2024-02-29')
    expect(parsePeriodId('2026M02').end).toBe('2026-02-28')
    expect(parsePeriodId('2000M02').end).toBe('2000-02-29')
    expect(parsePeriodId('2100M02').end).toBe('2100-02-28')
    expect(parsePeriodId('2024-02-29_2024-03-01').end).toBe('2024-03-01')
  })

  it.each(['2026Q5', '2026Q0', '2026M13', '2026M00', '2026M3', '2026S3', '2026N6', '26Q1', '2026q1', '', ' 2026', '2026-02-30_2026-03-01', '2026-03-02_2026-03-01', '2026-1-5_2026-02-10', '0999'])(
    'rejects %j with PERIOD_INVALID_ID',
    (id) => {
      expect(codeOf(() => parsePeriodId(id))).toBe('PERIOD_INVALID_ID')
      expect(tryParsePeriodId(id)).toBeNull()
    },
  )

  it('says what was wrong in Vietnamese', () => {
    expect(() => parsePeriodId('2026Q5')).toThrow('Mã kỳ báo cáo "2026Q5" không hợp lệ')
  })
})

describe('formatPeriodId / standardPeriod / adhocPeriod', () => {
  it('formats every type', () => {
    expect(formatPeriodId('month', 2026, 3)).toBe('2026M03')
    expect(formatPeriodId('month', 2026, 12)).toBe('2026M12')
    expect(formatPeriodId('quarter', 2026, 2)).toBe('2026Q2')
    expect(formatPeriodId('half', 2026, 2)).toBe('2026S2')
    expect(formatPeriodId('nine_months', 2026, 1)).toBe('2026N9')
    expect(formatPeriodId('year', 2026, 1)).toBe('2026')
  })

  it('rejects bad indexes and ad hoc', () => {
    expect(codeOf(() => formatPeriodId('quarter', 2026, 5))).toBe('PERIOD_INVALID_ID')
    expect(codeOf(() => formatPeriodId('month', 2026, 1.5))).toBe('PERIOD_INVALID_ID')
    expect(codeOf(() => formatPeriodId('year', 2026, 2))).toBe('PERIOD_INVALID_ID')
    expect(codeOf(() => formatPeriodId('adhoc', 2026, 0))).toBe('PERIOD_INVALID_TYPE')
    expect(codeOf(() => formatPeriodId('week' as PeriodType, 2026, 1))).toBe('PERIOD_INVALID_TYPE')
  })

  it('round-trips id → period → id for every type', () => {
    for (const year of [1999, 2024, 2025, 2026, 2100]) {
      for (const type of ['month', 'quarter', 'half', 'nine_months', 'year'] as const) {
        for (const p of listPeriods(type, year)) {
          expect(parsePeriodId(p.id)).toEqual(p)
          expect(formatPeriodId(p.type, p.year, p.index)).toBe(p.id)
          expect(standardPeriod(p.type, p.year, p.index)).toEqual(p)
        }
      }
    }
  })

  it('validates ad hoc dates', () => {
    expect(adhocPeriod('2026-01-05', '2026-02-10').id).toBe('2026-01-05_2026-02-10')
    expect(codeOf(() => adhocPeriod('2026-02-10', '2026-01-05'))).toBe('PERIOD_INVALID_RANGE')
    expect(codeOf(() => adhocPeriod('2026-02-29', '2026-03-05'))).toBe('PERIOD_INVALID_DATE')
    expect(codeOf(() => adhocPeriod('2026-01-05', '05/02/2026'))).toBe('PERIOD_INVALID_DATE')
  })
})

describe('listPeriods', () => {
  it('lists each type in order', () => {
    expect(ids(listPeriods('month', 2026))).toEqual(Array.from({ length: 12 }, (_, i) => `2026M${String(i + 1).padStart(2, '0')}`))
    expect(ids(listPeriods('quarter', 2026))).toEqual(['2026Q1', '2026Q2', '2026Q3', '2026Q4'])
    expect(ids(listPeriods('half', 2026))).toEqual(['2026S1', '2026S2'])
    expect(ids(listPeriods('nine_months', 2026))).toEqual(['2026N9'])
    expect(ids(listPeriods('year', 2026))).toEqual(['2026'])
  })

  it('tiles the year without gaps for months, quarters and halves', () => {
    for (const type of ['month', 'quarter', 'half'] as const) {
      const periods = listPeriods(type, 2024)
      expect(periods[0]?.start).toBe('2024-01-01')
      expect(periods.at(-1)?.end).toBe('2024-12-31')
    }
  })

  it('has no list of ad hoc periods', () => {
    expect(codeOf(() => listPeriods('adhoc', 2026))).toBe('PERIOD_INVALID_TYPE')
  })
})

describe('periodContains / subPeriods', () => {
  const p = parsePeriodId

  it('compares by dates', () => {
    expect(periodContains(p('2026'), p('2026Q3'))).toBe(true)
    expect(periodContains(p('2026S1'), p('2026M06'))).toBe(true)
    expect(periodContains(p('2026S1'), p('2026M07'))).toBe(false)
    expect(periodContains(p('2026Q1'), p('2026Q1'))).toBe(true)
    expect(periodContains(p('2026M03'), p('2026Q1'))).toBe(false)
    expect(periodContains(p('2026N9'), p('2026-03-10_2026-09-30'))).toBe(true)
    expect(periodContains(p('2026N9'), p('2026-03-10_2026-10-01'))).toBe(false)
  })

  it('splits into whole sub-periods', () => {
    expect(ids(subPeriods(p('2026S1'), 'quarter'))).toEqual(['2026Q1', '2026Q2'])
    expect(ids(subPeriods(p('2026Q1'), 'month'))).toEqual(['2026M01', '2026M02', '2026M03'])
    expect(ids(subPeriods(p('2026N9'), 'quarter'))).toEqual(['2026Q1', '2026Q2', '2026Q3'])
    expect(ids(subPeriods(p('2026N9'), 'half'))).toEqual(['2026S1'])
    expect(subPeriods(p('2026'), 'month')).toHaveLength(12)
    expect(ids(subPeriods(p('2026Q2'), 'half'))).toEqual([])
    expect(ids(subPeriods(p('2026Q2'), 'quarter'))).toEqual(['2026Q2'])
  })

  it('splits ad hoc periods, across years too, leaving partial ones out', () => {
    expect(ids(subPeriods(p('2025-11-15_2026-02-28'), 'month'))).toEqual(['2025M12', '2026M01', '2026M02'])
    expect(ids(subPeriods(p('2025-10-01_2026-06-30'), 'quarter'))).toEqual(['2025Q4', '2026Q1', '2026Q2'])
    expect(codeOf(() => subPeriods(p('2026'), 'adhoc'))).toBe('PERIOD_INVALID_TYPE')
  })
})

describe('yearToDate', () => {
  it.each([
    ['2026M01', '2026M01'],
    ['2026M03', '2026Q1'],
    ['2026M06', '2026S1'],
    ['2026M09', '2026N9'],
    ['2026M12', '2026'],
    ['2026M05', '2026-01-01_2026-05-31'],
    ['2024M02', '2024-01-01_2024-02-29'],
    ['2026Q1', '2026Q1'],
    ['2026Q2', '2026S1'],
    ['2026Q3', '2026N9'],
    ['2026Q4', '2026'],
    ['2026S1', '2026S1'],
    ['2026S2', '2026'],
    ['2026N9', '2026N9'],
    ['2026', '2026'],
    ['2026-02-01_2026-03-31', '2026Q1'],
    ['2026-03-10_2026-04-20', '2026-01-01_2026-04-20'],
    ['2025-12-15_2026-01-14', '2026-01-01_2026-01-14'],
  ])('%s → %s', (id, expected) => {
    expect(yearToDate(parsePeriodId(id)).id).toBe(expected)
  })
})

describe('periodFromDates', () => {
  it('prefers the standard period with the same dates', () => {
    expect(periodFromDates('2026-04-01', '2026-06-30').id).toBe('2026Q2')
    expect(periodFromDates('2026-07-01', '2026-12-31').id).toBe('2026S2')
    expect(periodFromDates('2026-02-01', '2026-04-30').type).toBe('adhoc')
    expect(periodFromDates('2026-02-01', '2026-07-31').type).toBe('adhoc')
    expect(periodFromDates('2025-12-01', '2026-01-31').type).toBe('adhoc')
  })
})

describe('samePeriodLastYear / previousPeriod', () => {
  it.each([
    ['2026M03', '2025M03', '2026M02'],
    ['2026M01', '2025M01', '2025M12'],
    ['2026Q1', '2025Q1', '2025Q4'],
    ['2026Q3', '2025Q3', '2026Q2'],
    ['2026S1', '2025S1', '2025S2'],
    ['2026S2', '2025S2', '2026S1'],
    ['2026N9', '2025N9', '2025N9'],
    ['2026', '2025', '2025'],
  ])('%s: last year %s, previous %s', (id, lastYear, previous) => {
    const period = parsePeriodId(id)
    expect(samePeriodLastYear(period).id).toBe(lastYear)
    expect(previousPeriod(period).id).toBe(previous)
    expect(previousPeriod(period).type).toBe(period.type)
  })

  it('shifts ad hoc periods, keeping month ends at month ends', () => {
    expect(samePeriodLastYear(parsePeriodId('2026-01-05_2026-02-10')).id).toBe('2025-01-05_2025-02-10')
    expect(samePeriodLastYear(parsePeriodId('2025-01-01_2025-02-28')).id).toBe('2024-01-01_2024-02-29')
    expect(samePeriodLastYear(parsePeriodId('2024-02-29_2024-03-10')).id).toBe('2023-02-28_2023-03-10')
  })

  it('puts an ad hoc period of the same length just before', () => {
    expect(previousPeriod(parsePeriodId('2026-01-05_2026-02-10')).id).toBe('2025-11-29_2026-01-04')
    expect(previousPeriod(parsePeriodId('2024-03-01_2024-03-01')).id).toBe('2024-02-29_2024-02-29')
  })
})
