import type { LineageExample } from '../../../seeds/lineage-example-loader.js'
import { insertReturnWithValues } from '../../db/repositories/rollup.repository.js'
import { findUnitByCode, insertLeafClosure, insertParentHistory, insertUnits, type UnitRow } from '../../db/repositories/unit.repository.js'
import type { Db } from '../database-handle.js'
import { reorganizeUnits } from '../lineage/reorganization-service.js'
import { parsePeriodId } from '../periods/period-id.js'
import { afterReturnCommitted } from '../rollup/rollup-maintenance.js'
import { foldForSearch } from '../text/vietnamese-text.js'
import { vietnameseSortKey } from '../units/vietnamese-sort-key.js'

async function unitOf(db: Db, code: string): Promise<UnitRow> {
  const u = await findUnitByCode(db, code)
  if (!u) throw new Error(`Ví dụ sắp xếp đơn vị: không tìm thấy đơn vị "${code}"`)
  return u
}

/**
 * Loads the example reorganization into a seeded database, in one transaction: the district-era units (under
 * parents that exist), the lineage through the same service administrators use, then the units' returns as
 * submitted, each kept current in the rollup state. Returns false (and writes nothing) when it is already there.
 */
export async function seedLineageExample(db: Db, example: LineageExample): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (await findUnitByCode(trx, example.units[0]?.code ?? '')) return false
    for (const u of example.units) {
      const parent = u.parent ? await unitOf(trx, u.parent) : null
      const ids = await insertUnits(trx, [{
        code: u.code, name: u.name, name_folded: foldForSearch(u.name), sort_key: vietnameseSortKey(u.name), kind: u.kind, sector: u.sector, parent_id: parent?.id ?? null, depth: parent ? parent.depth + 1 : 0,
        opened_on: u.openedOn ?? null, closed_on: u.closedOn ?? null, place_name: u.placeName ?? null, header_superior: u.headerSuperior ?? null, header_name: u.headerName ?? null, is_example: u.example ? 1 : 0,
      }])
      const id = ids.get(u.code) as number
      if (parent) await insertLeafClosure(trx, id, parent.id)
      await insertParentHistory(trx, [{ unit_id: id, parent_id: parent?.id ?? null, valid_from: u.openedOn ?? null, valid_to: u.closedOn ?? null }])
    }
    for (const l of example.lineage) {
      const sources = await Promise.all(l.sources.map((c) => unitOf(trx, c)))
      const targets = []
      for (const t of l.targets) targets.push({ existing: await unitOf(trx, t.code), share: t.share ?? null })
      await reorganizeUnits(trx, { kind: l.kind, sources, targets, effectiveOn: l.effectiveOn })
    }
    for (const r of example.returns) {
      const p = parsePeriodId(r.period)
      const unit = await unitOf(trx, r.unit)
      const id = await insertReturnWithValues(trx, {
        unitId: unit.id, formCode: r.form, periodId: p.id, periodStart: p.start, periodEnd: p.end, scope: 'own', status: 'submitted', lateDays: 0,
        values: Object.entries(r.values).map(([code, num]) => ({ code, num, text: null })),
      })
      await afterReturnCommitted(trx, id)
    }
    return true
  })
}
