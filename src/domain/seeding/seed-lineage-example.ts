import { fillFormTemplate } from '../../../exports/fill-form-template.js'
import type { LineageExample } from '../../../seeds/lineage-example-loader.js'
import type { DatabaseHandle } from '../../db/create-database.js'
import { insertAssignments } from '../../db/repositories/assignment.repository.js'
import { findReturn } from '../../db/repositories/return.repository.js'
import { findUnitByCode, insertLeafClosure, insertParentHistory, insertUnits, type UnitRow } from '../../db/repositories/unit.repository.js'
import type { Db } from '../database-handle.js'
import { buildTemplate } from '../exports/export-service.js'
import { reorganizeUnits } from '../lineage/reorganization-service.js'
import { parsePeriodId } from '../periods/period-id.js'
import { importReturnFile } from '../returns/import-return.js'
import { transitionReturn } from '../returns/return-workflow.js'
import { foldForSearch } from '../text/vietnamese-text.js'
import { vietnameseSortKey } from '../units/vietnamese-sort-key.js'

const SEED_ACTOR = { accountId: null, username: 'seed' }

async function unitOf(db: Db, code: string): Promise<UnitRow> {
  const u = await findUnitByCode(db, code)
  if (!u) throw new Error(`Ví dụ sắp xếp đơn vị: không tìm thấy đơn vị "${code}"`)
  return u
}

/**
 * Loads the example reorganization into a seeded database: the district-era units (under parents that exist), the
 * lineage through the same service administrators use, and what those units had to file then, in one transaction.
 * Then each unit's return is filed as a clerk files one: the form's template filled, read by the importer with its
 * checks and kept as the return's original file (so `tonghop verify` reads it back), and submitted on the last day
 * of its period (on time, as the example's figures mean). Each return is one transaction of its own, so a run stopped
 * part-way is finished by the next: a return already submitted is left, a draft is submitted, a missing one is filed.
 * Returns false (and writes nothing) when all of it is already there.
 */
export async function seedLineageExample(handle: DatabaseHandle, example: LineageExample): Promise<boolean> {
  const added = await handle.db.transaction().execute(async (trx) => {
    if (await findUnitByCode(trx, example.units[0]?.code ?? '')) return false // the units and the merger are there; the returns below may not all be
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
    const assignments = []
    for (const a of example.assignments ?? []) {
      assignments.push({
        form_code: a.form, unit_id: (await unitOf(trx, a.unit)).id, unit_kinds: a.unitKinds ? JSON.stringify(a.unitKinds) : null, period_type: a.periodType,
        deadline_rule: JSON.stringify(a.deadline), window_rule: JSON.stringify(a.window ?? { kind: 'calendar' }), valid_from: a.validFrom ?? null, valid_to: a.validTo ?? null, document_id: null,
      })
    }
    await insertAssignments(trx, assignments)
    return true
  })
  // The importer and the workflow run their own transactions, so the returns are filed after the units commit.
  let filedAny = false
  for (const r of example.returns) {
    const unit = await unitOf(handle.db, r.unit)
    const existing = await findReturn(handle.db, { unitId: unit.id, formCode: r.form, periodId: r.period, scope: 'own' })
    const submitOn = { now: new Date(`${parsePeriodId(r.period).end}T12:00:00Z`) }
    if (existing && existing.status !== 'draft') continue
    filedAny = true
    if (existing) {
      await transitionReturn(handle, existing.id, 'submit', SEED_ACTOR, submitOn)
      continue
    }
    const template = await buildTemplate(handle.db, { formCode: r.form, unitCode: r.unit, periodId: r.period, layout: 'form' })
    const bytes = await fillFormTemplate(template.bytes, r.values)
    const result = await importReturnFile(handle, { bytes, fileName: template.fileName, dryRun: false, actor: SEED_ACTOR })
    const filed = result.returns.find((x) => x.unitCode === r.unit)
    if (result.outcome !== 'committed' || filed?.returnId == null) {
      const errors = result.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`)
      throw new Error(`Ví dụ sắp xếp đơn vị: báo cáo ${r.form} ${r.period} của ${r.unit} không nhập được (${result.outcome}${errors.length ? `; ${errors.join('; ')}` : ''})`)
    }
    await transitionReturn(handle, filed.returnId, 'submit', SEED_ACTOR, submitOn)
  }
  return added || filedAny
}
