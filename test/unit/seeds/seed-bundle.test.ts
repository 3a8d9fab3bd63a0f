import { describe, expect, it } from 'vitest'
import { PERIOD_TYPES as DOMAIN_PERIOD_TYPES } from '../../../src/domain/periods/period-id.js'
import { loadSeedBundle } from '../../../seeds/seed-loader.js'
import { FormSeedSchema } from '../../../seeds/seed-schema.js'
import type { FormSeed, IndicatorSeed, UnitSeed } from '../../../seeds/seed-schema.js'
import { validateSeedBundle } from '../../../seeds/seed-validator.js'

const bundle = loadSeedBundle()
const unit = (code: string): UnitSeed => {
  const u = bundle.units.find((x) => x.code === code)
  if (!u) throw new Error(`missing unit ${code}`)
  return u
}
const form = (code: string): FormSeed => {
  const f = bundle.forms.find((x) => x.code === code)
  if (!f) throw new Error(`missing form ${code}`)
  return f
}
const indicators = (f: FormSeed): IndicatorSeed[] => f.sections.flatMap((s) => s.indicators)
const indicator = (f: FormSeed, code: string): IndicatorSeed | undefined => indicators(f).find((i) => i.code === code)

// Straight from domain.md §4; kept literal so a changed JSON file cannot silently change the spec.
const QT_CODES = ['QT01', 'QT02', 'QT03', 'QT04', 'QT05', 'QT06', 'QT07', 'QT08', 'QT09', 'TT01', 'TT02', 'TT03', 'TT04', 'TT05', 'TT06', 'TT07', 'DG01', 'DG02', 'DG03', 'DG04']
const YT_CODES = Array.from({ length: 22 }, (_, i) => `YT${String(i + 1).padStart(2, '0')}`)
const NV_CODES = [1, 2, 3, 4, 5, 6].flatMap((k) => [`NV0${k}`, `NV0${k}G`])

describe('the real seed bundle', () => {
  it('loads with no issues', () => {
    expect(validateSeedBundle(bundle)).toEqual([])
    expect(bundle.units.length).toBeGreaterThanOrEqual(50)
    expect(bundle.units.length).toBeLessThanOrEqual(80)
    expect(bundle.forms.map((f) => f.code).sort()).toEqual(['BC-NV', 'BC-QT', 'BC-YT72'])
  })

  it('keeps every name and text in NFC', () => {
    const texts = [
      ...bundle.units.flatMap((u) => [u.name, u.placeName ?? '', u.headerSuperior ?? '', u.headerName ?? '']),
      ...bundle.documents.flatMap((d) => [d.title, d.symbol]),
      ...bundle.forms.flatMap((f) => [f.title, ...f.sections.map((s) => s.title), ...indicators(f).map((i) => i.label)]),
      ...bundle.targets.map((t) => t.note),
    ]
    for (const t of texts) expect(t).toBe(t.normalize('NFC'))
  })

  it('holds the units the source documents name, under the right parents', () => {
    expect(unit('TW')).toMatchObject({ kind: 'central_committee', parent: null })
    expect(unit('TW.BCT')).toMatchObject({ name: 'Bộ Chính trị', parent: 'TW' })
    expect(unit('CP')).toMatchObject({ kind: 'government', parent: null, sector: 'state' })
    expect(unit('01')).toMatchObject({ name: 'Thành ủy Hà Nội', kind: 'province_committee', parent: 'TW' })
    expect(unit('31')).toMatchObject({ name: 'Thành ủy Hải Phòng', parent: 'TW' })
    expect(unit('19')).toMatchObject({ name: 'Tỉnh ủy Thái Nguyên', parent: 'TW' })
    expect(unit('01.BTGDV').name).toBe('Ban Tuyên giáo và Dân vận Thành ủy Hà Nội')
    expect(unit('01.PL')).toMatchObject({ name: 'Đảng ủy phường Phúc Lợi', kind: 'ward_committee', parent: '01', placeName: 'Phúc Lợi', headerSuperior: 'ĐẢNG BỘ THÀNH PHỐ HÀ NỘI' })
    expect(unit('01.PL.UBND')).toMatchObject({ name: 'Ủy ban nhân dân phường Phúc Lợi', sector: 'state', parent: '01.PL' })
    expect(unit('01.PL.TYT')).toMatchObject({ name: 'Trạm Y tế phường Phúc Lợi', kind: 'health_station', parent: '01.PL.UBND' })
    expect(unit('31.BD').name).toBe('Đảng ủy phường Bạch Đằng')
    expect(unit('31.DS.BXDD')).toMatchObject({ kind: 'ward_department', headerSuperior: 'ĐẢNG ỦY PHƯỜNG ĐỒ SƠN', headerName: 'BAN XÂY DỰNG ĐẢNG' })
    expect(unit('31.DS.TTDV').name).toBe('Trung tâm Dịch vụ sự nghiệp công phường Đồ Sơn')
    expect(unit('19.DT.UBND')).toMatchObject({ name: 'Ủy ban nhân dân xã Đại Từ', sector: 'state' })
    expect(unit('19.DT.TTDV').name).toBe('Trung tâm Dịch vụ tổng hợp xã Đại Từ')
    expect(unit('19.DT.KT').name).toBe('Phòng Kinh tế xã Đại Từ')
  })

  it('keeps both eras: a closed district committee and a unit that moved from it', () => {
    expect(unit('31.QDS')).toMatchObject({ kind: 'district_committee', closedOn: '2025-06-30' })
    expect(unit('31.DS').openedOn).toBe('2025-07-01')
    expect(unit('31.DS.CB01')).toMatchObject({ parent: '31.DS', history: [{ parent: '31.QDS', from: null, to: '2025-06-30' }] })
    expect(unit('31.BTG').closedOn).toBeDefined()
  })

  it('marks invented branches and residential groups as examples', () => {
    for (const u of bundle.units.filter((x) => x.kind === 'residential_group' || x.kind === 'party_organization')) expect(u.example).toBe(true)
    expect(unit('01.PL').example).toBeUndefined()
  })

  it('links documents up the cascade by key', () => {
    const doc = (key: string) => bundle.documents.find((d) => d.key === key)
    expect(doc('72-NQ/TW')).toMatchObject({ issuedOn: '2025-09-09', issuer: 'TW.BCT', implements: [] })
    expect(doc('282/NQ-CP')).toMatchObject({ issuedOn: '2025-09-15', issuer: 'CP', implements: ['72-NQ/TW'] })
    expect(doc('30-KH/BTGDVTU')).toMatchObject({ issuedOn: '2026-02-07', issuer: '01.BTGDV', implements: ['06-CTr/TU', '72-NQ/TW'] })
    expect(doc('01.PL/KH-72')).toMatchObject({ symbol: '-KH/ĐU', issuedOn: null, issuedMonth: '2026-02', issuer: '01.PL.BTV', sourceFile: '000_c835f64d21640e94.txt' })
    expect(doc('31.DS/CV-318')?.implements).toEqual(['318-CV/BTGDVTU'])
    expect(doc('19.DT/KH-72')).toMatchObject({ symbol: '/KH-UBND', issuer: '19.DT.UBND' })
    expect(doc('25-CT/TW')).toMatchObject({ issuedOn: '2023-10-25', issuer: 'TW.BBT' })
    expect(new Set(bundle.documents.map((d) => d.sourceFile).filter(Boolean)).size).toBe(5)
  })

  it('accepts exactly the period types of the period module', () => {
    const periodTypes = FormSeedSchema.shape.periodTypes
    for (const type of DOMAIN_PERIOD_TYPES) expect(periodTypes.safeParse([type]).success).toBe(true)
    expect(periodTypes.safeParse(['week']).success).toBe(false)
  })
})

describe('the forms of domain.md §4', () => {
  it('have exactly the specified indicator codes, in order', () => {
    expect(indicators(form('BC-QT')).map((i) => i.code)).toEqual(QT_CODES)
    expect(indicators(form('BC-YT72')).map((i) => i.code)).toEqual(YT_CODES)
    expect(indicators(form('BC-NV')).map((i) => i.code)).toEqual(NV_CODES)
  })

  it('define ratios by numerator and denominator, never as stored percentages', () => {
    const pairs: Record<string, [string, string]> = {
      QT05: ['QT03', 'QT04'], QT08: ['QT06', 'QT07'], YT03: ['YT02', 'YT01'], YT06: ['YT05', 'YT04'], YT08: ['YT07', 'YT01'],
      YT10: ['YT09', 'YT01'], YT13: ['YT12', 'YT11'], YT16: ['YT15', 'YT14'], YT20: ['YT19', 'YT01'],
    }
    const all = [...indicators(form('BC-QT')), ...indicators(form('BC-YT72'))]
    const ratios = all.filter((i) => i.type === 'ratio')
    expect(ratios.map((i) => i.code).sort()).toEqual(Object.keys(pairs).sort())
    for (const r of ratios) {
      expect(r).toMatchObject({ unit: '%', unitAgg: 'ratio', timeAgg: 'none', numerator: pairs[r.code]?.[0], denominator: pairs[r.code]?.[1] })
    }
  })

  it('carry the units, aggregations and labels of the specification', () => {
    const qt = form('BC-QT')
    expect(qt).toMatchObject({ title: 'Báo cáo kết quả học tập, quán triệt, tuyên truyền', periodTypes: ['quarter', 'adhoc'], documentRequired: true })
    expect(indicator(qt, 'QT01')).toMatchObject({ label: 'Số hội nghị học tập, quán triệt đã tổ chức', unit: 'hội nghị', type: 'integer', unitAgg: 'sum', timeAgg: 'sum', min: 0 })
    expect(indicator(qt, 'QT04')).toMatchObject({ unitAgg: 'sum', timeAgg: 'last' })
    expect(indicator(qt, 'QT09')).toMatchObject({ type: 'boolean', unitAgg: 'count_true', timeAgg: 'last' })
    expect(indicator(qt, 'DG03')).toMatchObject({ label: 'Khó khăn, vướng mắc', unit: null, type: 'text', unitAgg: 'list', timeAgg: 'list' })
    const yt = form('BC-YT72')
    expect(yt.periodTypes).toEqual(['half', 'year'])
    expect(indicator(yt, 'YT21')).toMatchObject({ type: 'decimal', unit: 'tuổi', unitAgg: 'weighted_avg', weight: 'YT01', timeAgg: 'last', min: 30, max: 100 })
    expect(indicator(yt, 'YT17')).toMatchObject({ label: 'Số bác sĩ làm việc tại trạm y tế', unit: 'bác sĩ', timeAgg: 'last' })
    const nv = form('BC-NV')
    expect(nv.periodTypes).toEqual(['quarter'])
    expect(indicator(nv, 'NV03')).toMatchObject({ type: 'choice', choices: ['Chưa triển khai', 'Đang triển khai', 'Hoàn thành'], unitAgg: 'count_by_option', timeAgg: 'last' })
    expect(indicator(nv, 'NV03G')).toMatchObject({ type: 'text', unitAgg: 'list', timeAgg: 'list' })
  })

  it('state the validation rules', () => {
    const rules = (f: FormSeed) => f.rules.map((r) => `${r.left} ${r.op} ${r.right}`)
    expect(rules(form('BC-QT'))).toEqual(['QT03 <= QT04', 'QT06 <= QT07', 'QT02 >= QT03'])
    const yt = rules(form('BC-YT72'))
    for (const r of ['YT02 <= YT01', 'YT05 <= YT04', 'YT07 <= YT01', 'YT09 <= YT01', 'YT12 <= YT11', 'YT15 <= YT14', 'YT19 <= YT01']) expect(yt).toContain(r)
  })
})

describe('assignments and targets', () => {
  it('assign the three forms with their windows and deadlines', () => {
    const qt = bundle.assignments.filter((a) => a.form === 'BC-QT' && a.document === '72-NQ/TW')
    expect(qt.map((a) => a.unit).sort()).toEqual(['01', '19', '31'])
    for (const a of qt) expect(a).toMatchObject({ unitKinds: ['ward_committee'], periodType: 'quarter', deadline: { kind: 'day_of_last_month', day: 14 }, window: { kind: 'calendar' } })
    const yt = bundle.assignments.filter((a) => a.form === 'BC-YT72')
    expect(yt.map((a) => a.periodType).sort()).toEqual(['half', 'year'])
    for (const a of yt) expect(a).toMatchObject({ window: { kind: 'offset', startDay: 15, endDay: 14 }, deadline: { kind: 'days_after_end', days: 5, workingDays: true } })
    expect(bundle.assignments.find((a) => a.form === 'BC-NV')).toMatchObject({ unit: '31.BD.UBND', periodType: 'quarter' })
  })

  it('hold the targets of domain.md §7 for Bạch Đằng and Đại Từ', () => {
    const t = (unitCode: string, ind: string, year: number) => bundle.targets.find((x) => x.unit === unitCode && x.indicator === ind && x.year === year)
    expect(t('31.BD', 'YT21', 2030)).toMatchObject({ comparator: '>', value: 75.5 })
    expect(t('31.BD', 'YT21', 2045)).toMatchObject({ comparator: '>', value: 80 })
    expect(t('31.BD', 'YT06', 2030)).toMatchObject({ comparator: '>', value: 95 })
    expect(t('31.BD', 'YT20', 2030)).toMatchObject({ changePercent: 10, baselineYear: 2025 })
    expect(t('31.BD', 'YT13', 2030)).toMatchObject({ comparator: '>=', value: 100 })
    expect(t('31.BD', 'YT03', 2030)).toMatchObject({ comparator: '>=', value: 98 })
    expect(t('19.DT.UBND', 'YT21', 2030)).toMatchObject({ comparator: '>=', value: 75 })
    expect(t('19.DT.UBND', 'YT06', 2030)).toMatchObject({ comparator: '>', value: 98 })
    expect(t('19.DT.UBND', 'YT03', 2026)).toMatchObject({ comparator: '>', value: 98 })
    expect(t('19.DT.UBND', 'YT03', 2030)).toMatchObject({ comparator: '>=', value: 100 })
    expect(t('19.DT.UBND', 'YT17', 2027)).toMatchObject({ comparator: '>=', value: 4 })
    expect(t('19.DT.UBND', 'YT13', 2030)).toBeUndefined()
    expect(bundle.targets.every((x) => x.document === '31.BD/KH-72' || x.document === '19.DT/KH-72')).toBe(true)
  })
})
