import { describe, it, expect } from 'vitest'
import { PeriodError } from '../../../src/domain/periods/period-error.js'
import { adhocPeriod, listPeriods, parsePeriodId } from '../../../src/domain/periods/period-id.js'
import {
  findPeriodInText, parsePeriodLabel, periodLabel, tryParsePeriodLabel,
} from '../../../src/domain/periods/period-label.js'

describe('periodLabel', () => {
  it.each([
    ['2026M03', 'Tháng 3/2026'],
    ['2026M12', 'Tháng 12/2026'],
    ['2026Q1', 'Quý I/2026'],
    ['2026Q2', 'Quý II/2026'],
    ['2026Q3', 'Quý III/2026'],
    ['2026Q4', 'Quý IV/2026'],
    ['2026S1', '6 tháng đầu năm 2026'],
    ['2026S2', '6 tháng cuối năm 2026'],
    ['2026N9', '9 tháng năm 2026'],
    ['2026', 'Năm 2026'],
    ['2026-01-05_2026-02-10', 'Từ ngày 05/01/2026 đến ngày 10/02/2026'],
  ])('%s → %s', (id, label) => {
    expect(periodLabel(id)).toBe(label)
    expect(periodLabel(parsePeriodId(id))).toBe(label)
    expect(periodLabel(id)).toBe(label.normalize('NFC'))
  })

  it('rejects a bad id', () => {
    expect(() => periodLabel('2026Q5')).toThrow(PeriodError)
  })
})

describe('parsePeriodLabel', () => {
  it.each([
    ['Quý I/2026', '2026Q1'],
    ['quý 1/2026', '2026Q1'],
    ['Quý I năm 2026', '2026Q1'],
    ['QUÝ I/2026', '2026Q1'],
    ['QUÝ IV/2026', '2026Q4'],
    ['Quý III - 2026', '2026Q3'],
    ['quý 02/2026', '2026Q2'],
    ['Quy II/2026', '2026Q2'],
    ['tháng 03/2026', '2026M03'],
    ['tháng 3 năm 2026', '2026M03'],
    ['Tháng 12/2025', '2025M12'],
    ['THÁNG 10-2026', '2026M10'],
    ['6 tháng đầu năm 2026', '2026S1'],
    ['sáu tháng đầu năm 2026', '2026S1'],
    ['6 tháng năm 2026', '2026S1'],
    ['6 tháng cuối năm 2026', '2026S2'],
    ['Sáu tháng cuối năm 2026', '2026S2'],
    ['9 tháng năm 2026', '2026N9'],
    ['9 tháng đầu năm 2026', '2026N9'],
    ['chín tháng năm 2026', '2026N9'],
    ['3 tháng đầu năm 2026', '2026Q1'],
    ['năm 2026', '2026'],
    ['Cả năm 2026', '2026'],
    ['  Năm   2026 ', '2026'],
    ['Quý I/2026.', '2026Q1'],
    ['Từ ngày 05/01/2026 đến ngày 10/02/2026', '2026-01-05_2026-02-10'],
    ['từ 5/1/2026 đến hết ngày 10/2/2026', '2026-01-05_2026-02-10'],
    ['2026Q1', '2026Q1'],
    ['2026m03', '2026M03'],
  ])('%j → %s', (text, id) => {
    expect(parsePeriodLabel(text).id).toBe(id)
  })

  it('ignores Unicode normalization form, tone placement and Đ look-alikes', () => {
    expect(parsePeriodLabel('Quý I/2026'.normalize('NFD')).id).toBe('2026Q1')
    expect(parsePeriodLabel('6 THÁNG ĐẦU NĂM 2026'.normalize('NFD')).id).toBe('2026S1')
    expect(parsePeriodLabel('6 tháng Ðầu năm 2026').id).toBe('2026S1')
    expect(parsePeriodLabel('Tháng\u00a03/2026').id).toBe('2026M03')
  })

  it.each(['', 'Quý V/2026', 'Quý 5/2026', 'tháng 13/2026', 'tháng 0/2026', '5 tháng đầu năm 2026', '9 tháng cuối năm 2026',
    'Báo cáo quý I/2026', 'Quý I', 'từ ngày 10/02/2026 đến ngày 05/01/2026', 'từ ngày 30/02/2026 đến ngày 05/03/2026', 'năm 2026-2030'])(
    'rejects %j with PERIOD_INVALID_LABEL',
    (text) => {
      try {
        parsePeriodLabel(text)
        expect.unreachable()
      } catch (e) {
        expect(e).toBeInstanceOf(PeriodError)
        expect((e as PeriodError).code).toBe('PERIOD_INVALID_LABEL')
        expect((e as PeriodError).message).toMatch(/^Không nhận dạng được kỳ báo cáo/)
      }
      expect(tryParsePeriodLabel(text)).toBeNull()
    },
  )

  it('round-trips every period type over several years', () => {
    for (const year of [1999, 2000, 2024, 2025, 2026, 2030]) {
      for (const type of ['month', 'quarter', 'half', 'nine_months', 'year'] as const) {
        for (const p of listPeriods(type, year)) {
          expect(parsePeriodLabel(periodLabel(p)).id).toBe(p.id)
          expect(parsePeriodLabel(periodLabel(p).normalize('NFD').toUpperCase()).id).toBe(p.id)
        }
      }
      for (const p of [adhocPeriod(`${year}-01-05`, `${year}-02-10`), adhocPeriod(`${year - 1}-12-15`, `${year}-12-14`),
        adhocPeriod(`${year}-01-01`, `${year}-03-31`)]) {
        expect(parsePeriodLabel(periodLabel(p)).id).toBe(p.id)
      }
    }
  })
})

describe('findPeriodInText', () => {
  it.each([
    ['BÁO CÁO KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 72-NQ/TW QUÝ I/2026', '2026Q1'],
    ['Kỳ báo cáo: 6 tháng đầu năm 2026', '2026S1'],
    ['BÁO CÁO SƠ KẾT 6 THÁNG ĐẦU NĂM 2026, PHƯƠNG HƯỚNG 6 THÁNG CUỐI NĂM 2026', '2026S1'],
    ['Báo cáo tháng 3 năm 2026 của Đảng ủy phường Phúc Lợi', '2026M03'],
    ['BÁO CÁO TỔNG KẾT NĂM 2025', '2025'],
    ['Báo cáo 9 tháng đầu năm 2026 (số liệu tính đến 14/9/2026)', '2026N9'],
    ['Kỳ: Từ ngày 05/01/2026 đến ngày 10/02/2026', '2026-01-05_2026-02-10'],
    ['báo cáo quý iv/2025.', '2025Q4'],
    ['BÁO CÁO QUÝ I NĂM 2026', '2026Q1'],
    ['Báo cáo tháng 13/2026, sửa lại: tháng 12/2026', '2026M12'],
  ])('%j → %s', (text, id) => {
    expect(findPeriodInText(text)?.id).toBe(id)
    expect(findPeriodInText(text.normalize('NFD'))?.id).toBe(id)
  })

  it('does not take a document date line or a plan span for a period', () => {
    expect(findPeriodInText('Phúc Lợi, ngày 15 tháng 3 năm 2026')).toBeNull()
    expect(findPeriodInText('Hải Phòng, ngày 02 tháng 02 năm 2026')).toBeNull()
    expect(findPeriodInText('Kế hoạch giai đoạn năm 2026-2030')).toBeNull()
    expect(findPeriodInText('Sức khỏe là vốn quý nhất của con người')).toBeNull()
    expect(findPeriodInText('Số liệu 5 tháng đầu năm 2026')).toBeNull()
    expect(findPeriodInText('')).toBeNull()
  })

  it('takes the period after a date line', () => {
    expect(findPeriodInText('Hà Nội, ngày 15 tháng 4 năm 2026 — Báo cáo quý I/2026')?.id).toBe('2026Q1')
  })
})
