import type { UnitSeed } from './seed-schema.js'
import { seededRandom } from './seeded-random.js'

export interface NationalProvince {
  /** Official code (QĐ 19/2025/QĐ-TTg), with the leading zero. */
  code: string
  name: string
  /** Centrally-run city: a "Thành ủy", and more phường than xã. */
  isCity: boolean
}

/** The 34 provincial units from 1 July 2025 (Nghị quyết 202/2025/QH15), in code order. */
export const NATIONAL_PROVINCES: readonly NationalProvince[] = Object.freeze(
  (
    [
      ['01', 'Hà Nội', true], ['04', 'Cao Bằng', false], ['08', 'Tuyên Quang', false], ['11', 'Điện Biên', false],
      ['12', 'Lai Châu', false], ['14', 'Sơn La', false], ['15', 'Lào Cai', false], ['19', 'Thái Nguyên', false],
      ['20', 'Lạng Sơn', false], ['22', 'Quảng Ninh', false], ['24', 'Bắc Ninh', false], ['25', 'Phú Thọ', false],
      ['31', 'Hải Phòng', true], ['33', 'Hưng Yên', false], ['37', 'Ninh Bình', false], ['38', 'Thanh Hóa', false],
      ['40', 'Nghệ An', false], ['42', 'Hà Tĩnh', false], ['44', 'Quảng Trị', false], ['46', 'Huế', true],
      ['48', 'Đà Nẵng', true], ['51', 'Quảng Ngãi', false], ['52', 'Gia Lai', false], ['56', 'Khánh Hòa', false],
      ['66', 'Đắk Lắk', false], ['68', 'Lâm Đồng', false], ['75', 'Đồng Nai', false], ['79', 'Thành phố Hồ Chí Minh', true],
      ['80', 'Tây Ninh', false], ['82', 'Đồng Tháp', false], ['86', 'Vĩnh Long', false], ['91', 'An Giang', false],
      ['92', 'Cần Thơ', true], ['96', 'Cà Mau', false],
    ] as const
  ).map(([code, name, isCity]) => Object.freeze({ code, name, isCity })),
)

export interface NationalTreeOptions {
  /** First N provinces of NATIONAL_PROVINCES; default 34, at most 34. */
  provinces?: number
  wardsPerProvince?: number
  /** Units under each ward committee (UBND, Trạm Y tế, MTTQ, chi bộ, tổ dân phố…). */
  unitsPerWard?: number
  seed?: number
}

/** Root of the synthetic tree; its codes all start "VN" so they never meet the real seeds ("TW", "01"…). */
export const NATIONAL_ROOT_CODE = 'VN'

// Common syllables of Vietnamese ward and commune names; two make a plausible, invented name.
const SYLLABLES = [
  'An', 'Bình', 'Hòa', 'Phú', 'Tân', 'Long', 'Hưng', 'Phúc', 'Lợi', 'Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Thịnh',
  'Xuân', 'Hải', 'Sơn', 'Thủy', 'Quang', 'Minh', 'Đức', 'Hợp', 'Thành', 'Vĩnh', 'Hiệp', 'Khánh', 'Lộc', 'Mỹ', 'Ninh',
  'Phong', 'Thái', 'Thuận', 'Tiến', 'Yên', 'Đại', 'Gia', 'Lạc', 'Nghĩa', 'Quý', 'Tường', 'Văn', 'Cường', 'Định',
]

const OPENED = '2025-07-01'
// Official share is about one phường in five communes; centrally-run cities lean urban.
const WARD_SHARE_CITY = 0.5
const WARD_SHARE_PROVINCE = 0.15

function count(value: number | undefined, fallback: number, max: number, what: string): number {
  const n = value ?? fallback
  if (!Number.isInteger(n) || n < 0 || n > max) throw new RangeError(`${what} phải là số nguyên từ 0 đến ${max}, nhận ${String(value)}`)
  return n
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function wardName(random: () => number, used: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const a = SYLLABLES[Math.floor(random() * SYLLABLES.length)] as string
    const b = SYLLABLES[Math.floor(random() * SYLLABLES.length)] as string
    const name = `${a} ${b}`
    if (a !== b && !used.has(name)) return name
  }
  // Beyond ~1,900 names per province the pairs run out; a number keeps names unique.
  return `${SYLLABLES[0] as string} ${used.size + 1}`
}

/** Pushes the units of one ward: fixed bodies first, then alternating chi bộ and residential groups. */
function pushWardUnits(out: UnitSeed[], ward: UnitSeed, level: string, place: string, residential: string, n: number, width: number): void {
  const code = (k: number) => `${ward.code}.${pad(k, width)}`
  const ubnd = code(1)
  const mttq = code(3)
  const fixed: [UnitSeed['kind'], string, string, UnitSeed['sector']][] = [
    ['people_committee', `Ủy ban nhân dân ${level} ${place}`, ward.code, 'state'],
    ['health_station', `Trạm Y tế ${level} ${place}`, ubnd, 'state'],
    ['fatherland_front', `Ủy ban Mặt trận Tổ quốc Việt Nam ${level} ${place}`, ward.code, 'party'],
    ['ward_department', `Ban Xây dựng Đảng Đảng ủy ${level} ${place}`, ward.code, 'party'],
    ['office', `Phòng Văn hóa - Xã hội ${level} ${place}`, ubnd, 'state'],
    ['mass_organization', `Đoàn Thanh niên Cộng sản Hồ Chí Minh ${level} ${place}`, mttq, 'party'],
  ]
  for (let k = 1; k <= n; k++) {
    const f = fixed[k - 1]
    if (f) {
      out.push({ code: code(k), name: f[1], kind: f[0], parent: f[2], sector: f[3], openedOn: OPENED, placeName: place })
      continue
    }
    const group = Math.floor((k - fixed.length + 1) / 2)
    const groupName = `${residential} ${group}`
    out.push(
      (k - fixed.length) % 2 === 1
        ? { code: code(k), name: `Chi bộ ${groupName}`, kind: 'party_organization', parent: ward.code, sector: 'party', openedOn: OPENED, placeName: place }
        : { code: code(k), name: groupName, kind: 'residential_group', parent: ubnd, sector: 'state', openedOn: OPENED, placeName: place },
    )
  }
}

/**
 * A synthetic national tree for benchmarks: root "VN" → provinces "VN01"… → ward committees
 * "VN01.0001"… → units "VN01.0001.01"…. Deterministic (same options → same array), parents
 * always before children, plain objects only.
 */
export function generateNationalTree(opts: NationalTreeOptions = {}): UnitSeed[] {
  const provinces = count(opts.provinces, NATIONAL_PROVINCES.length, NATIONAL_PROVINCES.length, 'provinces')
  const wards = count(opts.wardsPerProvince, 100, 99_999, 'wardsPerProvince')
  const perWard = count(opts.unitsPerWard, 30, 9_999, 'unitsPerWard')
  const random = seededRandom(opts.seed ?? 20250701)
  const wardWidth = Math.max(4, String(wards).length)
  const unitWidth = Math.max(2, String(perWard).length)
  const out: UnitSeed[] = [
    { code: NATIONAL_ROOT_CODE, name: 'Ban Chấp hành Trung ương Đảng (cây thử nghiệm)', kind: 'central_committee', parent: null, sector: 'party', placeName: 'Hà Nội' },
  ]
  for (const p of NATIONAL_PROVINCES.slice(0, provinces)) {
    const provinceCode = `${NATIONAL_ROOT_CODE}${p.code}`
    const committee = p.isCity ? `Thành ủy ${p.name}` : `Tỉnh ủy ${p.name}`
    out.push({ code: provinceCode, name: committee, kind: 'province_committee', parent: NATIONAL_ROOT_CODE, sector: 'party', placeName: p.name })
    const used = new Set<string>()
    const wardShare = p.isCity ? WARD_SHARE_CITY : WARD_SHARE_PROVINCE
    // Southern provinces call hamlets "ấp", the rest "thôn"; phường have "tổ dân phố".
    const hamlet = Number(p.code) >= 75 ? 'Ấp' : 'Thôn'
    for (let w = 1; w <= wards; w++) {
      const place = wardName(random, used)
      used.add(place)
      const isPhuong = random() < wardShare
      const level = isPhuong ? 'phường' : 'xã'
      const ward: UnitSeed = {
        code: `${provinceCode}.${pad(w, wardWidth)}`,
        name: `Đảng ủy ${level} ${place}`,
        kind: 'ward_committee',
        parent: provinceCode,
        sector: 'party',
        openedOn: OPENED,
        placeName: place,
      }
      out.push(ward)
      pushWardUnits(out, ward, level, place, isPhuong ? 'Tổ dân phố số' : hamlet, perWard, unitWidth)
    }
  }
  return out
}
