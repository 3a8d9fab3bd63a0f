import { describe, it, expect } from 'vitest'
import { toTCVN3, toVNI } from 'vietnamese-conversion'
import {
  convertLegacyText, convertTextForFont, detectLegacyFont, isLegacyCapitalFont, looksLikeUnicodeVietnamese,
} from '../../../importers/legacy-encoding.js'

const PHRASES = [
  'Đảng ủy phường Phúc Lợi',
  'Tổng cộng',
  'Số hội nghị học tập, quán triệt đã tổ chức',
  'ĐẢNG CỘNG SẢN VIỆT NAM',
  'Ban Tuyên giáo và Dân vận Thành ủy; Ước lượng: 35.599 đảng viên, đạt 99,16%',
  'Ủy ban nhân dân xã Đại Từ, tỉnh Thái Nguyên',
]

// Every precomposed Vietnamese letter, lower and upper case.
const LETTERS = (() => {
  const out: string[] = []
  for (const base of ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y']) {
    for (const mark of ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323']) {
      const letter = (base + mark).normalize('NFC')
      out.push(letter, letter.toUpperCase())
    }
  }
  out.push('đ', 'Đ')
  return out
})()

describe('detectLegacyFont', () => {
  it.each([
    ['.VnTime', 'tcvn3'],
    ['.VnTimeH', 'tcvn3'],
    ['.VnArial', 'tcvn3'],
    ['.VnArial NarrowH', 'tcvn3'],
    ['.vntime', 'tcvn3'],
    ['VNI-Times', 'vni'],
    ['VNI-Helve', 'vni'],
    ['vni-times', 'vni'],
    ['Times New Roman', null],
    ['Arial', null],
    ['Calibri', null],
    ['VNtimes new roman', null],
    ['', null],
    [undefined, null],
  ] as const)('%s → %s', (font, expected) => {
    expect(detectLegacyFont(font)).toBe(expected)
  })

  it('knows the TCVN3 capital fonts', () => {
    expect(isLegacyCapitalFont('.VnTimeH')).toBe(true)
    expect(isLegacyCapitalFont('.VnArialH')).toBe(true)
    expect(isLegacyCapitalFont('.VnTime')).toBe(false)
    expect(isLegacyCapitalFont('Times New Roman')).toBe(false)
    expect(isLegacyCapitalFont('VNI-Times')).toBe(false)
  })
})

describe('convertLegacyText: TCVN3', () => {
  it.each(PHRASES)('round-trips %j through the vietnamese-conversion encoder', (phrase) => {
    const legacy = toTCVN3(phrase, 'unicode')
    expect(legacy).not.toBe(phrase)
    expect(looksLikeUnicodeVietnamese(legacy)).toBe(false)
    expect(convertLegacyText(legacy, 'tcvn3')).toBe(phrase)
  })

  it('decodes every Vietnamese letter the encoder produces', () => {
    for (const letter of LETTERS) expect(convertLegacyText(toTCVN3(letter, 'unicode'), 'tcvn3'), letter).toBe(letter)
  })

  it('reads hand-typed .VnTime text', () => {
    // ư is U+00AD (soft hyphen) in TCVN3: conversion must run before any whitespace/invisible clean-up.
    expect(convertLegacyText('§¶ng ñy ph\u00adêng Phóc Lîi', 'tcvn3')).toBe('Đảng ủy phường Phúc Lợi')
    expect(convertLegacyText('Tæng céng', 'tcvn3')).toBe('Tổng cộng')
  })

  it('upper-cases text in .VnTimeH, where small codes are drawn as capitals', () => {
    const typed = '®¶ng céng s¶n viÖt nam'
    expect(convertLegacyText(typed, 'tcvn3', { capitals: true })).toBe('ĐẢNG CỘNG SẢN VIỆT NAM')
    expect(convertTextForFont(typed, '.VnTimeH')).toBe('ĐẢNG CỘNG SẢN VIỆT NAM')
    expect(convertTextForFont(typed, '.VnTime')).toBe('đảng cộng sản việt nam')
  })
})

describe('convertLegacyText: VNI-Windows', () => {
  it.each(PHRASES)('round-trips %j through the vietnamese-conversion encoder', (phrase) => {
    const legacy = toVNI(phrase, 'unicode')
    expect(legacy).not.toBe(phrase)
    expect(convertLegacyText(legacy, 'vni')).toBe(phrase)
  })

  it('decodes every Vietnamese letter, longest sequence first', () => {
    // vietnamese-conversion writes ỷ ỹ Ỷ Ỹ as ë ì Ë Ì, which in VNI are "ặ"'s mark and ì; real VNI is yû yõ.
    const packageBug = new Set(['ỷ', 'ỹ', 'Ỷ', 'Ỹ'])
    for (const letter of LETTERS.filter((l) => !packageBug.has(l))) {
      expect(convertLegacyText(toVNI(letter, 'unicode'), 'vni'), letter).toBe(letter)
    }
    expect(toVNI('ỷ', 'unicode')).toBe('ë')
    expect(convertLegacyText('Thuyû Myõ THUYÛ MYÕ', 'vni')).toBe('Thuỷ Mỹ THUỶ MỸ')
    expect(convertLegacyText('ôù ô öø ö', 'vni')).toBe('ớ ơ ừ ư')
    expect(convertLegacyText('Nguyeãn', 'vni')).toBe('Nguyễn')
  })

  it('tolerates mark codes in the other case than their letter', () => {
    expect(convertLegacyText('ÑAûNG', 'vni')).toBe('ĐẢNG')
    expect(convertLegacyText('ÑAÛNG', 'vni')).toBe('ĐẢNG')
    expect(convertLegacyText('Vieät', 'vni')).toBe('Việt')
    expect(convertLegacyText('VieÄt', 'vni')).toBe('Việt')
  })

  it('converts through the cell font', () => {
    expect(convertTextForFont('Toång coäng', 'VNI-Times')).toBe('Tổng cộng')
    expect(convertTextForFont('Toång coäng', 'Times New Roman')).toBe('Toång coäng')
    expect(convertTextForFont('Toång coäng', undefined)).toBe('Toång coäng')
  })
})

describe('never converts Unicode text', () => {
  it.each(PHRASES)('%j is left alone under both legacy fonts', (phrase) => {
    expect(looksLikeUnicodeVietnamese(phrase)).toBe(true)
    expect(convertLegacyText(phrase, 'tcvn3')).toBe(phrase)
    expect(convertLegacyText(phrase, 'vni')).toBe(phrase)
    expect(convertTextForFont(phrase, '.VnTimeH')).toBe(phrase)
    expect(convertLegacyText(phrase.normalize('NFD'), 'tcvn3')).toBe(phrase.normalize('NFD'))
  })

  it('is idempotent on converted text', () => {
    for (const phrase of PHRASES) {
      const once = convertLegacyText(toTCVN3(phrase, 'unicode'), 'tcvn3')
      expect(convertLegacyText(once, 'tcvn3')).toBe(once)
    }
  })

  it('leaves ASCII and digits unchanged', () => {
    expect(convertLegacyText('Tong cong 1.250', 'tcvn3')).toBe('Tong cong 1.250')
    expect(convertLegacyText('Tong cong 1.250', 'vni')).toBe('Tong cong 1.250')
    expect(convertLegacyText('', 'vni')).toBe('')
  })

  it('cannot recognise Unicode made only of Latin-1 letters (documented limit)', () => {
    expect(looksLikeUnicodeVietnamese('Tô Hà')).toBe(false)
    expect(looksLikeUnicodeVietnamese('Tong cong')).toBe(false)
    expect(looksLikeUnicodeVietnamese('Ủy ban')).toBe(true)
    expect(looksLikeUnicodeVietnamese('Hoa\u0300')).toBe(true)
  })
})
