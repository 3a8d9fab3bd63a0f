import { describe, it, expect } from 'vitest'
import {
  compareVietnamese, foldForSearch, normalizeText, normalizeToneMarks, vietnameseCollator, VIETNAMESE_COLLATION_AVAILABLE,
} from '../../../src/domain/text/vietnamese-text.js'

const nfd = (s: string): string => s.normalize('NFD')

describe('normalizeText', () => {
  it('collapses every kind of whitespace to one space and trims', () => {
    expect(normalizeText('  Phúc\u00a0\u00a0Lợi\t\n ')).toBe('Phúc Lợi')
    expect(normalizeText('Tổng\r\ncộng')).toBe('Tổng cộng')
    expect(normalizeText('Đảng\u202fủy\u3000phường')).toBe('Đảng ủy phường')
    expect(normalizeText('\n\t ')).toBe('')
  })

  it('returns NFC for NFD input', () => {
    const out = normalizeText(nfd('Đảng ủy phường Phúc Lợi'))
    expect(out).toBe('Đảng ủy phường Phúc Lợi')
    expect(out.normalize('NFC')).toBe(out)
    expect(out.length).toBe('Đảng ủy phường Phúc Lợi'.length)
  })

  it('drops invisible characters pasted from Word and the web', () => {
    expect(normalizeText('Phúc\u200bLợi')).toBe('PhúcLợi')
    expect(normalizeText('\ufeffTổng cộng')).toBe('Tổng cộng')
    expect(normalizeText('Tổng\u00adcộng\u0007')).toBe('Tổngcộng')
  })
})

describe('normalizeToneMarks', () => {
  it.each([
    ['Hoà', 'Hòa'],
    ['HOÀ', 'HÒA'],
    ['Thuỷ', 'Thủy'],
    ['THUỶ', 'THỦY'],
    ['uỷ ban', 'ủy ban'],
    ['Uỷ ban nhân dân', 'Ủy ban nhân dân'],
    ['Đảng uỷ', 'Đảng ủy'],
    ['khoẻ', 'khỏe'],
    ['sức khoẻ Nhân dân', 'sức khỏe Nhân dân'],
    ['xoè', 'xòe'],
    ['hoá', 'hóa'],
    ['Văn hoá - Xã hội', 'Văn hóa - Xã hội'],
    ['toạ đàm', 'tọa đàm'],
    ['tuỳ', 'tùy'],
    ['luỹ kế', 'lũy kế'],
    ['huỷ', 'hủy'],
    ['Thuý', 'Thúy'],
    ['qúy', 'quý'],
    ['Qúy I/2026', 'Quý I/2026'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeToneMarks(input)).toBe(expected)
    expect(normalizeToneMarks(nfd(input))).toBe(expected)
  })

  it('leaves syllables that have only one correct placement alone', () => {
    for (const word of ['hoàn thành', 'ngoài', 'khuỷu', 'thuyền', 'Huỳnh', 'quý', 'Quý', 'hoặc', 'quà', 'thuở', 'Hòa', 'Thủy', 'ủy']) {
      expect(normalizeToneMarks(word)).toBe(word)
    }
  })

  it('makes both placements compare equal and returns NFC', () => {
    const pairs = [['Hoà Bình', 'Hòa Bình'], ['Thuỷ Nguyên', 'Thủy Nguyên'], ['Đảng uỷ phường', 'Đảng ủy phường'], ['oà', 'òa'], ['oé', 'óe'], ['uý', 'úy']]
    for (const [a = '', b = ''] of pairs) {
      expect(normalizeToneMarks(a)).toBe(normalizeToneMarks(b))
      expect(normalizeToneMarks(nfd(a))).toBe(b.normalize('NFC'))
    }
  })

  it('is idempotent', () => {
    const s = 'Uỷ ban nhân dân phường Hoà Bình, xã Thuỷ Nguyên, sức khoẻ'
    expect(normalizeToneMarks(normalizeToneMarks(s))).toBe(normalizeToneMarks(s))
  })
})

describe('foldForSearch', () => {
  it('folds case, diacritics, đ and spacing', () => {
    expect(foldForSearch('Phúc Lợi')).toBe('phuc loi')
    expect(foldForSearch('phuc loi')).toBe('phuc loi')
    expect(foldForSearch('PHÚC  LỢI ')).toBe('phuc loi')
    expect(foldForSearch(nfd('Phúc Lợi'))).toBe('phuc loi')
    expect(foldForSearch('Đảng ủy phường Đồ Sơn')).toBe('dang uy phuong do son')
    expect(foldForSearch('ĐẢNG CỘNG SẢN VIỆT NAM')).toBe('dang cong san viet nam')
  })

  it('matches both tone placements and Ð typed for Đ', () => {
    expect(foldForSearch('Hoà Bình')).toBe(foldForSearch('Hòa Bình'))
    expect(foldForSearch('Thuỷ')).toBe(foldForSearch('Thủy'))
    expect(foldForSearch('Ðồ Sơn')).toBe('do son')
  })

  it('produces plain ASCII for Vietnamese text', () => {
    expect(foldForSearch('Số hội nghị học tập, quán triệt đã tổ chức')).toMatch(/^[\x20-\x7e]*$/)
  })
})

describe('Vietnamese collation', () => {
  it('runs on a Node with full ICU', () => {
    expect(VIETNAMESE_COLLATION_AVAILABLE).toBe(true)
    expect(new Intl.Collator('vi').resolvedOptions().locale).toBe('vi')
  })

  it('puts Đ after D and before E: Dương Nội < Đồ Sơn < Hà Đông', () => {
    expect(['Hà Đông', 'Đồ Sơn', 'Dương Nội'].sort(compareVietnamese)).toEqual(['Dương Nội', 'Đồ Sơn', 'Hà Đông'])
    expect(compareVietnamese('Đồ Sơn', 'Dương Nội')).toBeGreaterThan(0)
    expect(compareVietnamese('Đồ Sơn', 'Hà Đông')).toBeLessThan(0)
  })

  it('sorts the Vietnamese alphabet: a ă â b c d đ e ê … o ô ơ … u ư', () => {
    const alphabet = ['A', 'Ă', 'Â', 'B', 'C', 'D', 'Đ', 'E', 'Ê', 'G', 'H', 'I', 'K', 'L', 'M', 'N', 'O', 'Ô', 'Ơ', 'P', 'Q', 'R', 'S', 'T', 'U', 'Ư', 'V', 'X', 'Y']
    const shuffled = [...alphabet].reverse()
    expect(shuffled.sort(compareVietnamese)).toEqual(alphabet)
    expect(compareVietnamese('Ă', 'A')).toBeGreaterThan(0)
    expect(compareVietnamese('Ăn', 'Anh')).toBeGreaterThan(0)
  })

  it('orders tones after base letters, in dictionary order', () => {
    expect(['mạ', 'má', 'mã', 'mả', 'mà', 'ma', 'mă'].sort(compareVietnamese)).toEqual(['ma', 'mà', 'mả', 'mã', 'má', 'mạ', 'mă'])
    expect(['mạnh', 'mai'].sort(compareVietnamese)).toEqual(['mai', 'mạnh'])
  })

  it('treats tone placement, NFD and NFC as equal; numbers numerically', () => {
    expect(compareVietnamese('Hoà Bình', 'Hòa Bình')).toBe(0)
    expect(compareVietnamese(nfd('Thuỷ'), 'Thủy')).toBe(0)
    expect(['Tổ 10', 'Tổ 2', 'Tổ 1'].sort(compareVietnamese)).toEqual(['Tổ 1', 'Tổ 2', 'Tổ 10'])
    expect(['Tổ 10', 'Tổ 2'].sort(vietnameseCollator.compare)).toEqual(['Tổ 2', 'Tổ 10'])
  })
})
