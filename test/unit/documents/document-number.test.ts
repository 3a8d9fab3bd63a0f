import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SOURCE_DOCUMENTS_DIR } from '../../support/fixture-dirs.js'
import { describe, it, expect } from 'vitest'
import { DocumentNumberError, formatDocumentNumber, parseDocumentNumber } from '../../../src/domain/documents/document-number.js'
import type { DocumentNumber } from '../../../src/domain/documents/document-number.js'

const SEED_DIR = SOURCE_DOCUMENTS_DIR

function errorOf(fn: () => unknown): DocumentNumberError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(DocumentNumberError)
    return e as DocumentNumberError
  }
  throw new Error('expected a DocumentNumberError')
}

const party = (symbol: string, number: number | null, type: string, issuer: string): DocumentNumber => ({ symbol, number, year: null, type, issuer, system: 'party' })
const state = (symbol: string, number: number | null, year: number | null, type: string | null, issuer: string): DocumentNumber => ({ symbol, number, year, type, issuer, system: 'state' })

describe('parseDocumentNumber: Party style NUMBER-TYPE/ISSUER', () => {
  it.each<[string, DocumentNumber]>([
    ['72-NQ/TW', party('72-NQ/TW', 72, 'NQ', 'TW')],
    ['25-CT/TW', party('25-CT/TW', 25, 'CT', 'TW')],
    ['06-CTr/TU', party('06-CTr/TU', 6, 'CTr', 'TU')],
    ['03-CTr/TU', party('03-CTr/TU', 3, 'CTr', 'TU')],
    ['30-KH/BTGDVTU', party('30-KH/BTGDVTU', 30, 'KH', 'BTGDVTU')],
    ['318-CV/BTGDVTU', party('318-CV/BTGDVTU', 318, 'CV', 'BTGDVTU')],
    ['226-KL/TU', party('226-KL/TU', 226, 'KL', 'TU')],
    ['07-NQ/TU', party('07-NQ/TU', 7, 'NQ', 'TU')],
    ['-KH/ĐU', party('-KH/ĐU', null, 'KH', 'ĐU')],
    ['-CV/BXDD', party('-CV/BXDD', null, 'CV', 'BXDD')],
  ])('%s', (input, expected) => {
    expect(parseDocumentNumber(input)).toEqual(expected)
  })

  it('accepts labels, spaces around separators, NFD, lower case, dashes from Word and Ð for Đ', () => {
    expect(parseDocumentNumber('Số 30-KH/BTGDVTU').symbol).toBe('30-KH/BTGDVTU')
    expect(parseDocumentNumber('Nghị quyết số 72-NQ/TW').symbol).toBe('72-NQ/TW')
    expect(parseDocumentNumber('Nghị quyết số 72 - NQ/TW ngày 09/9/2025 của Bộ Chính trị').symbol).toBe('72-NQ/TW')
    expect(parseDocumentNumber('72 - NQ / TW').symbol).toBe('72-NQ/TW')
    expect(parseDocumentNumber('Số - KH/ĐU')).toEqual(party('-KH/ĐU', null, 'KH', 'ĐU'))
    expect(parseDocumentNumber('Số -CV/BXDD').symbol).toBe('-CV/BXDD')
    expect(parseDocumentNumber('Số -KH/ĐU'.normalize('NFD')).issuer).toBe('ĐU')
    expect(parseDocumentNumber('06-ctr/tu')).toEqual(party('06-CTr/TU', 6, 'CTr', 'TU'))
    expect(parseDocumentNumber('72–NQ/TW').symbol).toBe('72-NQ/TW')
    expect(parseDocumentNumber('-KH/ÐU').issuer).toBe('ĐU')
    expect(parseDocumentNumber('  Chương trình hành động số 06-CTr/TU, ngày 12/01/2026').number).toBe(6)
  })

  it('pads numbers below 10 so "7-NQ/TU" and "07-NQ/TU" are the same document', () => {
    expect(parseDocumentNumber('7-NQ/TU').symbol).toBe('07-NQ/TU')
    expect(parseDocumentNumber('007-NQ/TU').symbol).toBe('07-NQ/TU')
  })
})

describe('parseDocumentNumber: State style NUMBER[/YEAR]/TYPE-ISSUER', () => {
  it.each<[string, DocumentNumber]>([
    ['282/NQ-CP', state('282/NQ-CP', 282, null, 'NQ', 'CP')],
    ['/KH-UBND', state('/KH-UBND', null, null, 'KH', 'UBND')],
    ['Số: /KH-UBND', state('/KH-UBND', null, null, 'KH', 'UBND')],
    ['09/2019/NĐ-CP', state('09/2019/NĐ-CP', 9, 2019, 'NĐ', 'CP')],
    ['9/2019/NĐ-CP', state('09/2019/NĐ-CP', 9, 2019, 'NĐ', 'CP')],
    ['19/2025/QĐ-TTg', state('19/2025/QĐ-TTg', 19, 2025, 'QĐ', 'TTg')],
    ['25/CT-TTg', state('25/CT-TTg', 25, null, 'CT', 'TTg')],
    ['202/2025/QH15', state('202/2025/QH15', 202, 2025, null, 'QH15')],
    ['Số: 1234/UBND-VP', state('1234/UBND-VP', 1234, null, null, 'UBND-VP')],
    ['Số:    /2025/QĐ-UBND', state('/2025/QĐ-UBND', null, 2025, 'QĐ', 'UBND')],
    ['12/2024/tt-byt', state('12/2024/TT-BYT', 12, 2024, 'TT', 'BYT')],
  ])('%s', (input, expected) => {
    expect(parseDocumentNumber(input)).toEqual(expected)
  })

  it('reads "Số: 282/NQ-CP" inside a sentence', () => {
    expect(parseDocumentNumber('Căn cứ Nghị quyết số 282/NQ-CP ngày 15/9/2025 của Chính phủ').symbol).toBe('282/NQ-CP')
  })
})

describe('parseDocumentNumber: rejections', () => {
  it.each(['', '   ', 'Kế hoạch', 'V/v tuyên truyền', 'T/M BAN THƯỜNG VỤ', 'ngày 09/9/2025', 'Quý I/2024', '60/ha', '72', 'NQ/TW', '1-2/tháng', '-XYZ/TW', 'Thường trực Đảng ủy (để b/c)'])(
    '%j is not a document number',
    (input) => {
      const err = errorOf(() => parseDocumentNumber(input))
      expect(err.code).toBe('DOCUMENT_INVALID_NUMBER')
      expect(err.message).toContain('không phải số/ký hiệu văn bản hợp lệ')
      expect(err.message).toContain(`"${input.trim()}"`)
    },
  )

  it('keeps the message short for long input', () => {
    const err = errorOf(() => parseDocumentNumber('x'.repeat(500)))
    expect(err.message.length).toBeLessThan(250)
    expect(err.input.length).toBe(500)
  })
})

describe('formatDocumentNumber', () => {
  it('formats both systems and round-trips through parse', () => {
    expect(formatDocumentNumber({ number: 72, type: 'NQ', issuer: 'TW', system: 'party' })).toBe('72-NQ/TW')
    expect(formatDocumentNumber({ number: 6, type: 'CTr', issuer: 'TU', system: 'party' })).toBe('06-CTr/TU')
    expect(formatDocumentNumber({ number: null, type: 'KH', issuer: 'ĐU', system: 'party' })).toBe('-KH/ĐU')
    expect(formatDocumentNumber({ number: 282, type: 'NQ', issuer: 'CP', system: 'state' })).toBe('282/NQ-CP')
    expect(formatDocumentNumber({ number: null, type: 'KH', issuer: 'UBND', system: 'state' })).toBe('/KH-UBND')
    expect(formatDocumentNumber({ number: 9, year: 2019, type: 'NĐ', issuer: 'CP', system: 'state' })).toBe('09/2019/NĐ-CP')
    expect(formatDocumentNumber({ number: 202, year: 2025, type: null, issuer: 'QH15', system: 'state' })).toBe('202/2025/QH15')
    for (const s of ['72-NQ/TW', '-KH/ĐU', '282/NQ-CP', '/KH-UBND', '09/2019/NĐ-CP', '19/2025/QĐ-TTg', '202/2025/QH15']) {
      const parsed = parseDocumentNumber(s)
      expect(formatDocumentNumber(parsed)).toBe(s)
    }
  })

  it('refuses parts no document can have', () => {
    expect(errorOf(() => formatDocumentNumber({ number: 0, type: 'NQ', issuer: 'TW', system: 'party' })).code).toBe('DOCUMENT_INVALID_NUMBER')
    expect(errorOf(() => formatDocumentNumber({ number: 1.5, type: 'NQ', issuer: 'TW', system: 'party' })).message).toContain('số nguyên dương')
    expect(errorOf(() => formatDocumentNumber({ number: 1, type: null, issuer: 'TW', system: 'party' })).message).toContain('Đảng')
    expect(errorOf(() => formatDocumentNumber({ number: 1, type: 'NQ', issuer: '', system: 'state' })).message).toContain('Cơ quan ban hành')
    expect(errorOf(() => formatDocumentNumber({ number: 1, year: 25, type: 'NQ', issuer: 'CP', system: 'state' })).message).toContain('Năm')
  })
})

describe('every document number in the seed documents', () => {
  // The pattern from the brief, plus spaces around the Party dash as typed in seed 000 ("Số - KH/ĐU").
  const pattern = /[0-9]*[ ]?-[ ]?[A-Za-zĐđ]+\/[A-Za-zĐđ0-9-]+|[0-9]*\/[0-9/]*[A-ZĐ]+-[A-Za-zĐ]+/g
  const found = new Set<string>()
  for (const file of readdirSync(SEED_DIR).filter((f) => f.endsWith('.txt'))) {
    for (const m of readFileSync(join(SEED_DIR, file), 'utf8').matchAll(pattern)) found.add(m[0].trim())
  }

  it('finds the symbols the domain notes mention', () => {
    for (const s of ['72-NQ/TW', '282/NQ-CP', '30-KH/BTGDVTU', '/KH-UBND', '06-CTr/TU', '03-CTr/TU', '25-CT/TW', '318-CV/BTGDVTU', '-CV/BXDD', '25/CT-TTg']) {
      expect(found).toContain(s)
    }
  })

  it('parses each one to its own normalized symbol', () => {
    expect(found.size).toBeGreaterThanOrEqual(15)
    for (const s of found) {
      const parsed = parseDocumentNumber(s)
      expect(parsed.symbol, s).toBe(s.replace(/\s+/g, ''))
      expect(parseDocumentNumber(parsed.symbol)).toEqual(parsed)
      expect(parsed.system, s).toBe(/^\d*-/.test(s.replace(/\s+/g, '')) ? 'party' : 'state')
    }
  })
})
