import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { countOpenChildren, findUnitByCode, insertLeafClosure, insertParentHistory, insertUnits, isInSubtree, moveSubtree, setUnitClosed, updateUnitName, type UnitRow } from '../../db/repositories/unit.repository.js'
import { isSector, isUnitKind } from './unit-vocabulary.js'
import { DomainError } from '../domain-error.js'
import { rollupsAfterClose, rollupsAfterMove, rollupsAfterRename } from '../rollup/rollup-tree-changes.js'
import { addDays } from '../periods/calendar-date.js'
import { foldForSearch, normalizeText } from '../text/vietnamese-text.js'
import { vietnameseSortKey } from './vietnamese-sort-key.js'
import { checkCodeFollowsParent } from './unit-code-rule.js'

type Db = Kysely<Database>
const CODE = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/

/** Each tree change and its rollup maintenance commit together, or not at all. */
function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn)
}

function cleanName(name: string): string {
  const n = normalizeText(name)
  if (n.length < 2 || n.length > 300) throw new DomainError('BAD_UNIT_NAME', 'Tên đơn vị phải từ 2 đến 300 ký tự')
  return n
}

export interface NewUnitInput {
  code: string
  name: string
  kind: string
  sector: string
  parent: UnitRow
  openedOn: string
  placeName?: string | null
}

export async function createUnit(db: Db, input: NewUnitInput): Promise<UnitRow> {
  const code = input.code.trim()
  if (!CODE.test(code)) throw new DomainError('BAD_UNIT_CODE', `Mã đơn vị "${input.code}" không hợp lệ: chỉ gồm chữ Latinh không dấu, số và dấu . _ -`)
  const { kind, sector } = input
  if (!isUnitKind(kind)) throw new DomainError('BAD_UNIT_KIND', `Loại đơn vị "${kind}" không có trong danh mục`)
  if (!isSector(sector)) throw new DomainError('BAD_UNIT_SECTOR', 'Khối phải là party hoặc state')
  await checkCodeFollowsParent(db, code, input.parent)
  if (await findUnitByCode(db, code)) throw new DomainError('UNIT_CODE_TAKEN', `Mã đơn vị "${code}" đã được dùng`)
  if (input.parent.closed_on !== null && input.parent.closed_on < input.openedOn) throw new DomainError('PARENT_CLOSED', `Đơn vị cấp trên "${input.parent.name}" đã giải thể từ ${input.parent.closed_on}`)
  const name = cleanName(input.name)
  return inTransaction(db, async (trx) => {
    const ids = await insertUnits(trx, [
      { code, name, name_folded: foldForSearch(name), sort_key: vietnameseSortKey(name), kind, sector, parent_id: input.parent.id, depth: input.parent.depth + 1, opened_on: input.openedOn, closed_on: null, place_name: input.placeName ?? null, header_superior: null, header_name: null, is_example: 0 },
    ])
    const id = ids.get(code) as number
    await insertLeafClosure(trx, id, input.parent.id)
    await insertParentHistory(trx, [{ unit_id: id, parent_id: input.parent.id, valid_from: input.openedOn, valid_to: null }])
    // no rollup figure changes: the new unit has no return yet (see rollup-tree-changes.ts)
    return (await findUnitByCode(trx, code)) as UnitRow
  })
}

export async function renameUnit(db: Db, unit: UnitRow, name: string): Promise<void> {
  const clean = cleanName(name)
  await inTransaction(db, async (trx) => {
    await updateUnitName(trx, unit.id, clean, foldForSearch(clean), vietnameseSortKey(clean))
    await rollupsAfterRename(trx, unit.id)
  })
}

/** Moves a unit (with its subtree) under a new parent from a date; earlier periods keep the old parent. */
export async function moveUnit(db: Db, unit: UnitRow, newParent: UnitRow, effectiveFrom: string): Promise<void> {
  if (unit.parent_id === null) throw new DomainError('CANNOT_MOVE_ROOT', 'Không thể chuyển đơn vị gốc')
  if (unit.parent_id === newParent.id) throw new DomainError('MOVE_SAME_PARENT', `"${unit.name}" đã trực thuộc "${newParent.name}"`)
  if (await isInSubtree(db, [unit.id], newParent.id)) throw new DomainError('MOVE_CYCLE', `Không thể chuyển "${unit.name}" vào đơn vị trực thuộc chính nó`)
  if (newParent.closed_on !== null && newParent.closed_on < effectiveFrom) throw new DomainError('PARENT_CLOSED', `Đơn vị cấp trên "${newParent.name}" đã giải thể từ ${newParent.closed_on}`)
  await inTransaction(db, async (trx) => {
    await moveSubtree(trx, unit.id, newParent.id, effectiveFrom, addDays(effectiveFrom, -1))
    await rollupsAfterMove(trx, unit.id, effectiveFrom)
  })
}

export async function closeUnit(db: Db, unit: UnitRow, closedOn: string): Promise<void> {
  if (unit.closed_on !== null) throw new DomainError('UNIT_ALREADY_CLOSED', `"${unit.name}" đã giải thể từ ${unit.closed_on}`)
  if (unit.opened_on !== null && closedOn < unit.opened_on) throw new DomainError('CLOSE_BEFORE_OPEN', `Ngày giải thể ${closedOn} trước ngày thành lập ${unit.opened_on}`)
  if ((await countOpenChildren(db, unit.id, closedOn)) > 0) throw new DomainError('UNIT_HAS_OPEN_CHILDREN', `"${unit.name}" còn đơn vị trực thuộc đang hoạt động: hãy chuyển hoặc giải thể chúng trước`)
  await inTransaction(db, async (trx) => {
    await setUnitClosed(trx, unit.id, closedOn)
    await rollupsAfterClose(trx, unit.id, closedOn)
  })
}
