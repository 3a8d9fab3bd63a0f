import { describe, expect, it } from 'vitest'
import { NATIONAL_PROVINCES, NATIONAL_ROOT_CODE, generateNationalTree } from '../../../seeds/national-generator.js'
import { loadSeedBundle } from '../../../seeds/seed-loader.js'
import { UnitSeedSchema } from '../../../seeds/seed-schema.js'
import { validateSeedBundle } from '../../../seeds/seed-validator.js'

describe('NATIONAL_PROVINCES', () => {
  it('lists the 34 official codes, 6 of them cities', () => {
    expect(NATIONAL_PROVINCES).toHaveLength(34)
    expect(new Set(NATIONAL_PROVINCES.map((p) => p.code)).size).toBe(34)
    expect(NATIONAL_PROVINCES[0]).toEqual({ code: '01', name: 'Hà Nội', isCity: true })
    expect(NATIONAL_PROVINCES.at(-1)).toEqual({ code: '96', name: 'Cà Mau', isCity: false })
    expect(NATIONAL_PROVINCES.filter((p) => p.isCity).map((p) => p.code)).toEqual(['01', '31', '46', '48', '79', '92'])
    for (const p of NATIONAL_PROVINCES) expect(p.name).toBe(p.name.normalize('NFC'))
  })
})

describe('generateNationalTree', () => {
  it('is deterministic for the same options and varies with the seed', () => {
    const opts = { provinces: 3, wardsPerProvince: 20, unitsPerWard: 10, seed: 7 }
    expect(generateNationalTree(opts)).toEqual(generateNationalTree(opts))
    const names = (seed: number) => generateNationalTree({ ...opts, seed }).map((u) => u.name)
    expect(names(7)).not.toEqual(names(8))
  })

  it('builds 34 × 100 × 30 units by default, fast, with unique codes and parents first', () => {
    const started = performance.now()
    const units = generateNationalTree()
    const elapsed = performance.now() - started
    expect(units).toHaveLength(1 + 34 + 34 * 100 + 34 * 100 * 30)
    expect(elapsed).toBeLessThan(1000)
    // Collect rather than assert per unit: 100,000 expect() calls would dominate the test's time.
    const seen = new Set<string>()
    const problems: string[] = []
    for (const u of units) {
      if (seen.has(u.code)) problems.push(`duplicate ${u.code}`)
      if (u.parent !== null && !seen.has(u.parent)) problems.push(`${u.code} before its parent ${u.parent}`)
      seen.add(u.code)
    }
    expect(problems).toEqual([])
    expect(units.filter((u) => u.parent === null).map((u) => u.code)).toEqual([NATIONAL_ROOT_CODE])
  })

  it('passes the seed validator and the unit schema', () => {
    const units = generateNationalTree({ provinces: 34, wardsPerProvince: 100, unitsPerWard: 30 })
    const started = performance.now()
    expect(validateSeedBundle({ units, documents: [], forms: [], assignments: [], targets: [] })).toEqual([])
    expect(performance.now() - started).toBeLessThan(5000)
    for (const u of units.slice(0, 500)) expect(UnitSeedSchema.parse(u)).toEqual(u)
  })

  it('never clashes with the real seed codes', () => {
    const seedCodes = new Set(loadSeedBundle().units.map((u) => u.code))
    expect(generateNationalTree({ wardsPerProvince: 2, unitsPerWard: 3 }).filter((u) => seedCodes.has(u.code))).toEqual([])
  })

  it('uses the official codes and names, with ward committees and their units below', () => {
    const units = generateNationalTree({ provinces: 34, wardsPerProvince: 2, unitsPerWard: 12 })
    const byCode = new Map(units.map((u) => [u.code, u]))
    expect(byCode.get('VN01')).toMatchObject({ name: 'Thành ủy Hà Nội', kind: 'province_committee', parent: 'VN' })
    expect(byCode.get('VN79')?.name).toBe('Thành ủy Thành phố Hồ Chí Minh')
    expect(byCode.get('VN19')?.name).toBe('Tỉnh ủy Thái Nguyên')
    const ward = byCode.get('VN01.0001')
    expect(ward).toMatchObject({ kind: 'ward_committee', parent: 'VN01' })
    expect(ward?.name).toMatch(/^Đảng ủy (phường|xã) \S+ \S+$/)
    expect(byCode.get('VN01.0001.01')).toMatchObject({ kind: 'people_committee', parent: 'VN01.0001', sector: 'state' })
    expect(byCode.get('VN01.0001.02')).toMatchObject({ kind: 'health_station', parent: 'VN01.0001.01' })
    expect(byCode.get('VN01.0001.07')).toMatchObject({ kind: 'party_organization', parent: 'VN01.0001' })
    expect(byCode.get('VN01.0001.08')).toMatchObject({ kind: 'residential_group', parent: 'VN01.0001.01' })
    const kinds = new Set(units.filter((u) => u.parent === 'VN01.0001' || u.parent === 'VN01.0001.01').map((u) => u.kind))
    expect(kinds).toEqual(new Set(['people_committee', 'health_station', 'fatherland_front', 'ward_department', 'office', 'party_organization', 'residential_group']))
    const levels = new Set(units.filter((u) => u.kind === 'ward_committee').map((u) => u.name.split(' ')[2]))
    expect(levels).toEqual(new Set(['phường', 'xã']))
  })

  it('handles small and empty shapes, and refuses bad options', () => {
    expect(generateNationalTree({ provinces: 0 })).toHaveLength(1)
    expect(generateNationalTree({ provinces: 1, wardsPerProvince: 1, unitsPerWard: 0 })).toHaveLength(3)
    expect(() => generateNationalTree({ provinces: 35 })).toThrow(RangeError)
    expect(() => generateNationalTree({ unitsPerWard: -1 })).toThrow(RangeError)
    expect(() => generateNationalTree({ wardsPerProvince: 1.5 })).toThrow(RangeError)
  })
})
