// The closed sets that describe a unit (domain.md §2). Seeds validate against them, tables are typed by them and the
// API exposes them as GraphQL enums: one list, here. Values are stored as they are, so never rename one.

export const UNIT_KINDS = [
  'central_committee',
  'central_body',
  'central_department',
  'government',
  'province_committee',
  'province_standing_board',
  'province_department',
  'district_committee',
  'ward_committee',
  'ward_standing_board',
  'ward_department',
  'people_committee',
  'office',
  'health_station',
  'fatherland_front',
  'mass_organization',
  'party_organization',
  'residential_group',
] as const
export type UnitKind = (typeof UNIT_KINDS)[number]

/** What each kind is called in Vietnamese (enum descriptions, page labels). */
export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  central_committee: 'Cơ quan lãnh đạo Trung ương (Bộ Chính trị, Ban Bí thư)',
  central_body: 'Cơ quan Trung ương',
  central_department: 'Ban của Trung ương',
  government: 'Chính phủ',
  province_committee: 'Tỉnh ủy, Thành ủy',
  province_standing_board: 'Ban Thường vụ Tỉnh ủy, Thành ủy',
  province_department: 'Ban, cơ quan của Tỉnh ủy, Thành ủy',
  district_committee: 'Quận ủy, Huyện ủy (trước 01/7/2025)',
  ward_committee: 'Đảng ủy phường, xã',
  ward_standing_board: 'Ban Thường vụ Đảng ủy phường, xã',
  ward_department: 'Ban của Đảng ủy phường, xã',
  people_committee: 'Ủy ban nhân dân',
  office: 'Phòng, trung tâm',
  health_station: 'Trạm Y tế',
  fatherland_front: 'Ủy ban Mặt trận Tổ quốc',
  mass_organization: 'Tổ chức chính trị - xã hội',
  party_organization: 'Tổ chức đảng (đảng bộ, chi bộ)',
  residential_group: 'Tổ dân phố, thôn, xóm',
}

export const SECTORS = ['party', 'state'] as const
export type Sector = (typeof SECTORS)[number]

export const SECTOR_LABELS: Readonly<Record<Sector, string>> = { party: 'Khối Đảng', state: 'Khối Nhà nước' }

export function isUnitKind(value: string): value is UnitKind {
  return (UNIT_KINDS as readonly string[]).includes(value)
}

export function isSector(value: string): value is Sector {
  return (SECTORS as readonly string[]).includes(value)
}
