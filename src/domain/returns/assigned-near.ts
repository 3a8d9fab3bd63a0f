// When a file names a unit that does not file the form (the State header "Ủy ban nhân dân xã Đại Từ" on BC-YT72,
// which the commune's Party committee and its health station file), the clerk is told who does, near that unit and
// within what the clerk may upload for.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { loadAncestorIds, loadFormAssignments, loadPeriodSubtree, type PeriodUnit } from '../../db/repositories/rollup.repository.js'
import type { UnitRow } from '../../db/repositories/unit.repository.js'
import { assignmentBindsIn } from '../assignments/assignment-rules.js'
import type { Period } from '../periods/period-id.js'
import { compareVietnamese } from '../text/vietnamese-text.js'

const SHOWN = 5

/**
 * The units bound to the form in the period in the subtree of the unit's parent (the ward of a ward's office) as the
 * tree stood in the period, which the uploader may upload for; the unit itself is not among them.
 */
export async function unitsAssignedNear(db: Kysely<Database>, unit: UnitRow, formCode: string, period: Period, canUpload: ((unitId: number) => Promise<boolean>) | undefined): Promise<PeriodUnit[]> {
  const may = async (id: number) => !canUpload || (await canUpload(id))
  const root = unit.parent_id !== null && (await may(unit.parent_id)) ? unit.parent_id : unit.id
  const [assignments, ancestors, subtree] = await Promise.all([loadFormAssignments(db, formCode), loadAncestorIds(db, root), loadPeriodSubtree(db, root, period.start, period.end)])
  const byId = new Map(subtree.map((u) => [u.id, u]))
  const found: PeriodUnit[] = []
  for (const u of subtree) {
    if (u.id === unit.id) continue
    const path = new Set([root, ...ancestors])
    for (let cur: PeriodUnit | undefined = u; cur && cur.id !== root; cur = cur.parent_id === null ? undefined : byId.get(cur.parent_id)) path.add(cur.id)
    if (assignments.some((a) => path.has(a.unit_id) && assignmentBindsIn(a, u, period)) && (await may(u.id))) found.push(u)
  }
  return found.sort((a, b) => compareVietnamese(a.name, b.name) || a.code.localeCompare(b.code))
}

/** "… Trong phạm vi của đồng chí, biểu BC-YT72 kỳ này do Đảng ủy xã Đại Từ (mã 19.DT), Trạm Y tế xã Đại Từ (mã 19.DT.TYT) báo cáo …" */
export function assignedNearAdvice(formCode: string, units: readonly PeriodUnit[]): string {
  if (units.length === 0) return ` Trong phạm vi của đồng chí không có đơn vị nào gần đó được giao biểu ${formCode} kỳ này; nếu đây là sai sót về phân công, hãy báo quản trị viên.`
  const names = units.slice(0, SHOWN).map((u) => `${u.name} (mã ${u.code})`)
  const more = units.length > SHOWN ? ` và ${units.length - SHOWN} đơn vị khác` : ''
  return ` Trong phạm vi của đồng chí, biểu ${formCode} kỳ này do ${names.join(', ')}${more} báo cáo. Hãy sửa tên đơn vị ở tiêu đề biểu cho đúng đơn vị báo cáo (hoặc tải mẫu biểu của đơn vị đó), hoặc chọn đơn vị khi tải lên.`
}
