import { describe, it, expect } from 'vitest'
import { parseComponentsText, parseVietnameseNumber } from '../../../importers/vietnamese-number.js'

describe('parseVietnameseNumber', () => {
  it.each<[string, number, boolean]>([
    ['1.250', 1250, false],
    ['1.250.000', 1250000, false],
    ['75,5', 75.5, false],
    ['98,5%', 98.5, true],
    ['98,5 %', 98.5, true],
    ['100%', 100, true],
    ['1,250.5', 1250.5, false],
    ['1,250,000', 1250000, false],
    ['1.250,75', 1250.75, false],
    ['1 250', 1250, false],
    ['1\u00a0250\u00a0000', 1250000, false],
    ['1 250,5', 1250.5, false],
    [' 35.599 ', 35599, false],
    ['35599', 35599, false],
    ['-3', -3, false],
    ['\u22123', -3, false],
    ['+7', 7, false],
    ['0', 0, false],
    ['-0', 0, false],
    ['1.25', 1.25, false],
    ['75.5', 75.5, false],
    ['0.985', 0.985, false],
    ['12.3456', 12.3456, false],
    ['1,250', 1.25, false],
    ['0,5', 0.5, false],
    [',5', 0.5, false],
    ['99,16%', 99.16, true],
    ['-12,5%', -12.5, true],
  ])('%j → %d (percent %s)', (input, value, percent) => {
    const parsed = parseVietnameseNumber(input)
    expect(parsed).not.toBeNull()
    expect(parsed?.value).toBe(value)
    expect(parsed?.percent).toBe(percent)
    expect(Object.is(parsed?.value, -0)).toBe(false)
  })

  it.each([
    '', '   ', '12abc', 'abc', '1.2.3', '1.250.5', '1,2,3', '1.2,5', '1e5', 'NaN', 'Infinity', '-', '%', '1 25', '12 3456',
    '1..250', '5.', '1,250.000,5', '(1.250)', '35.599/35.900', '1.250 đồng', '١٢',
  ])('%j → null', (input) => {
    expect(parseVietnameseNumber(input)).toBeNull()
  })

  it('never returns a non-finite value', () => {
    expect(parseVietnameseNumber('9'.repeat(400))).toBeNull()
    const big = parseVietnameseNumber('9'.repeat(300))
    expect(big === null || Number.isFinite(big.value)).toBe(true)
  })
})

describe('parseComponentsText', () => {
  it('reads "35.599/35.900 đảng viên, đạt 99,16%"', () => {
    expect(parseComponentsText('35.599/35.900 đảng viên, đạt 99,16%')).toEqual({ numerator: 35599, denominator: 35900, percent: 99.16 })
  })

  it('returns null for absent parts', () => {
    expect(parseComponentsText('đạt 98,5%')).toEqual({ numerator: null, denominator: null, percent: 98.5 })
    expect(parseComponentsText('12/15 chi bộ')).toEqual({ numerator: 12, denominator: 15, percent: null })
    expect(parseComponentsText('chưa báo cáo')).toEqual({ numerator: null, denominator: null, percent: null })
    expect(parseComponentsText('')).toEqual({ numerator: null, denominator: null, percent: null })
  })

  it('accepts spaces around the slash and the percent sign, and trailing punctuation', () => {
    expect(parseComponentsText('1.250 / 1.300 hộ (đạt 96,15 %).')).toEqual({ numerator: 1250, denominator: 1300, percent: 96.15 })
  })

  it('does not take dates for fractions', () => {
    expect(parseComponentsText('ngày 09/9/2025 đạt 80%')).toEqual({ numerator: null, denominator: null, percent: 80 })
    expect(parseComponentsText('đến tháng 9/2025 có 120/150 hộ')).toEqual({ numerator: 120, denominator: 150, percent: null })
    expect(parseComponentsText('Quý 1/2026: 7/9 tổ dân phố')).toEqual({ numerator: 7, denominator: 9, percent: null })
  })
})
