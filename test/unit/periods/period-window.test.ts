import { describe, it, expect } from 'vitest'
import { PeriodError } from '../../../src/domain/periods/period-error.js'
import { parsePeriodId } from '../../../src/domain/periods/period-id.js'
import { CALENDAR_WINDOW, dataWindow, ND09_WINDOW, parseWindowRule } from '../../../src/domain/periods/period-window.js'

const window = (id: string, rule = ND09_WINDOW): string => {
  const w = dataWindow(parsePeriodId(id), rule)
  return `${w.start}..${w.end}`
}

describe('dataWindow, Nghị định 09/2019/NĐ-CP', () => {
  it.each([
    ['2026M03', '2026-02-15..2026-03-14'],
    ['2026M01', '2025-12-15..2026-01-14'],
    ['2026M12', '2026-11-15..2026-12-14'],
    ['2026Q1', '2025-12-15..2026-03-14'],
    ['2026Q2', '2026-03-15..2026-06-14'],
    ['2026Q4', '2026-09-15..2026-12-14'],
    ['2026S1', '2025-12-15..2026-06-14'],
    ['2026S2', '2026-06-15..2026-12-14'],
    ['2026N9', '2025-12-15..2026-09-14'],
    ['2026', '2025-12-15..2026-12-14'],
  ])('%s → %s', (id, expected) => {
    expect(window(id)).toBe(expected)
  })

  it('chains consecutive months without gaps or overlaps', () => {
    for (let m = 2; m <= 12; m++) {
      const prev = dataWindow(parsePeriodId(`2026M${String(m - 1).padStart(2, '0')}`), ND09_WINDOW)
      const cur = dataWindow(parsePeriodId(`2026M${String(m).padStart(2, '0')}`), ND09_WINDOW)
      expect(new Date(`${cur.start}T00:00:00Z`).getTime() - new Date(`${prev.end}T00:00:00Z`).getTime()).toBe(86_400_000)
    }
  })

  it('is frozen so nobody edits the shared default', () => {
    expect(Object.isFrozen(ND09_WINDOW)).toBe(true)
    expect(ND09_WINDOW).toEqual({ kind: 'offset', startDay: 15, endDay: 14 })
  })
})

describe('dataWindow, other rules', () => {
  it('follows the calendar by default and for calendar rules', () => {
    expect(dataWindow(parsePeriodId('2026Q1'))).toEqual({ start: '2026-01-01', end: '2026-03-31' })
    expect(window('2026S2', CALENDAR_WINDOW)).toBe('2026-07-01..2026-12-31')
  })

  it('keeps ad hoc dates whatever the rule', () => {
    expect(window('2026-01-05_2026-02-10')).toBe('2026-01-05..2026-02-10')
  })

  it('clamps days past the end of a month, leap years included', () => {
    const rule = { kind: 'offset', startDay: 30, endDay: 31 } as const
    expect(window('2026M03', rule)).toBe('2026-02-28..2026-03-31')
    expect(window('2024M03', rule)).toBe('2024-02-29..2024-03-31')
    expect(window('2026Q2', rule)).toBe('2026-03-30..2026-06-30')
    expect(window('2024M02', { kind: 'offset', startDay: 20, endDay: 31 })).toBe('2024-01-20..2024-02-29')
  })
})

describe('parseWindowRule', () => {
  it('accepts the two kinds and returns fresh objects', () => {
    const input = { kind: 'offset', startDay: 15, endDay: 14 }
    const rule = parseWindowRule(input)
    expect(rule).toEqual(ND09_WINDOW)
    expect(rule).not.toBe(input)
    expect(parseWindowRule(JSON.parse('{"kind":"calendar"}'))).toEqual({ kind: 'calendar' })
  })

  it.each([
    null, undefined, 'calendar', 15, [], {}, { kind: 'weekly' },
    { kind: 'calendar', startDay: 1 },
    { kind: 'offset', startDay: 15 },
    { kind: 'offset', startDay: 0, endDay: 14 },
    { kind: 'offset', startDay: 15, endDay: 32 },
    { kind: 'offset', startDay: 15.5, endDay: 14 },
    { kind: 'offset', startDay: '15', endDay: 14 },
    { kind: 'offset', startDay: 15, endDay: 14, extra: true },
  ])('rejects %j with PERIOD_INVALID_RULE', (json) => {
    try {
      parseWindowRule(json)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(PeriodError)
      expect((e as PeriodError).code).toBe('PERIOD_INVALID_RULE')
      expect((e as PeriodError).message).toMatch(/^Quy tắc khoảng số liệu không hợp lệ/)
    }
  })
})
