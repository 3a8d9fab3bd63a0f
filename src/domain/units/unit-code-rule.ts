import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findUnitsByIds, type UnitRow } from '../../db/repositories/unit.repository.js'
import { DomainError } from '../domain-error.js'

/**
 * Codes are hierarchical (01 → 01.PL → 01.PL.CB01), and other wards' codes follow their own parent's: a unit created
 * under phường Phúc Lợi may not take "31.BD.X1", the pattern of Bạch Đằng's units (nor, so, learn whether such a code
 * exists). A new code continues its parent's code; below the province level it may instead continue the code of the
 * parent's own parent when the parent's code does (the People's Committee's offices: 01.PL.UBND → 01.PL.TYT, as the
 * seeds have them). A code without a dot is a province's, directly under the root.
 */
export async function checkCodeFollowsParent(db: Kysely<Database>, code: string, parent: UnitRow): Promise<void> {
  const dot = code.lastIndexOf('.')
  const prefix = dot < 0 ? null : code.slice(0, dot)
  const allowed: string[] = []
  if (parent.parent_id === null) {
    if (prefix === null || prefix === parent.code) return
  } else {
    allowed.push(parent.code)
    const [grandparent] = await findUnitsByIds(db, [parent.parent_id])
    if (grandparent && grandparent.depth >= 2 && parent.code.startsWith(`${grandparent.code}.`)) allowed.push(grandparent.code)
    if (prefix !== null && allowed.includes(prefix)) return
  }
  const expected = allowed.length ? allowed.map((p) => `"${p}."`).join(' hoặc ') : 'không có dấu chấm (mã tỉnh, thành phố)'
  throw new DomainError(
    'UNIT_CODE_OUTSIDE_PARENT',
    `Mã đơn vị "${code}" không theo mã của đơn vị cấp trên ${parent.name} (${parent.code}): mã đơn vị trực thuộc phải bắt đầu bằng ${expected}, ví dụ ${allowed[0] ?? '01'}${allowed.length ? '.CB10' : ''}.`,
  )
}
