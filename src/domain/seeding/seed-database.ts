import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { insertAssignments, insertTargets } from '../../db/repositories/assignment.repository.js'
import { insertDocumentLinks, insertDocuments } from '../../db/repositories/document.repository.js'
import { insertFormGraph } from '../../db/repositories/form.repository.js'
import { countUnits, insertClosureForNewUnits, insertCurrentParentIntervals, insertParentHistory, insertUnits, maxUnitId, setFirstIntervalStart, type NewUnit } from '../../db/repositories/unit.repository.js'
import type { SeedBundle, UnitSeed } from '../../../seeds/seed-schema.js'
import { parseDocumentNumber } from '../documents/document-number.js'
import { foldForSearch } from '../text/vietnamese-text.js'
import { vietnameseSortKey } from '../units/vietnamese-sort-key.js'
import { topologicalOrder } from './unit-tree-rows.js'

type Db = Kysely<Database>

function tryParseDocumentNumber(symbol: string): ReturnType<typeof parseDocumentNumber> | null {
  try {
    return parseDocumentNumber(symbol)
  } catch {
    // Drafts carry symbols such as "-KH/ĐU" that may not parse; the printed symbol is still kept.
    return null
  }
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

function unitRow(u: UnitSeed, depth: number): NewUnit {
  return {
    code: u.code,
    name: u.name,
    name_folded: foldForSearch(u.name),
    sort_key: vietnameseSortKey(u.name),
    kind: u.kind,
    sector: u.sector,
    parent_id: null,
    depth,
    opened_on: u.openedOn ?? null,
    closed_on: u.closedOn ?? null,
    place_name: u.placeName ?? null,
    header_superior: u.headerSuperior ?? null,
    header_name: u.headerName ?? null,
    is_example: u.example ? 1 : 0,
  }
}

/**
 * Inserts units parents-first, level by level, so each level's parent ids are known; writes the
 * closure of the current tree and the history of parents. The caller supplies the transaction.
 */
export async function insertUnitTree(db: Db, units: readonly UnitSeed[]): Promise<Map<string, number>> {
  const { ordered, depth } = topologicalOrder(units)
  const before = await maxUnitId(db)
  const ids = new Map<string, number>()
  const byLevel = new Map<number, UnitSeed[]>()
  for (const u of ordered) {
    const d = depth.get(u.code) ?? 0
    const level = byLevel.get(d)
    if (level) level.push(u)
    else byLevel.set(d, [u])
  }
  const levels = [...byLevel.keys()].sort((a, b) => a - b)
  for (const level of levels) {
    const rows = (byLevel.get(level) ?? []).map((u) => ({ ...unitRow(u, level), parent_id: u.parent === null ? null : (ids.get(u.parent) ?? null) }))
    for (const [code, id] of await insertUnits(db, rows)) ids.set(code, id)
  }
  const idOf = (code: string): number => {
    const id = ids.get(code)
    if (id === undefined) throw new Error(`Không tìm thấy đơn vị "${code}"`)
    return id
  }
  await insertClosureForNewUnits(db, before, levels[levels.length - 1] ?? 0)
  await insertCurrentParentIntervals(db, before)
  // Units that moved before: their current parent holds from the day after the last earlier one.
  const moved = ordered.filter((u) => (u.history ?? []).length > 0)
  for (const u of moved) {
    const earlier = u.history ?? []
    await setFirstIntervalStart(db, idOf(u.code), addDays((earlier[earlier.length - 1] as { to: string }).to, 1))
  }
  await insertParentHistory(
    db,
    moved.flatMap((u) => (u.history ?? []).map((h) => ({ unit_id: idOf(u.code), parent_id: h.parent === null ? null : idOf(h.parent), valid_from: h.from ?? null, valid_to: h.to }))),
  )
  return ids
}

export interface SeedResult {
  seeded: boolean
  units: number
  documents: number
  forms: number
  assignments: number
  targets: number
}

/** Loads the whole bundle in one transaction: all of it or nothing. Skips a database that already has units. */
export async function seedDatabase(db: Db, bundle: SeedBundle): Promise<SeedResult> {
  const result: SeedResult = { seeded: false, units: 0, documents: 0, forms: 0, assignments: 0, targets: 0 }
  if ((await countUnits(db)) > 0) return result
  await db.transaction().execute(async (trx) => {
    const unitIds = await insertUnitTree(trx, bundle.units)
    const unitId = (code: string) => {
      const id = unitIds.get(code)
      if (id === undefined) throw new Error(`Không tìm thấy đơn vị "${code}"`)
      return id
    }
    const docIds = await insertDocuments(
      trx,
      bundle.documents.map((d) => {
        const parsed = tryParseDocumentNumber(d.symbol)
        return {
          key: d.key,
          symbol: d.symbol,
          number: parsed?.number ?? null,
          doc_type: parsed?.type ?? null,
          issuer_code: parsed?.issuer ?? null,
          system: parsed?.system ?? 'party',
          title: d.title,
          issued_on: d.issuedOn ?? null,
          issuing_unit_id: unitId(d.issuer),
          source_file: d.sourceFile ?? null,
        }
      }),
    )
    const docId = (key: string) => {
      const id = docIds.get(key)
      if (id === undefined) throw new Error(`Không tìm thấy văn bản "${key}"`)
      return id
    }
    await insertDocumentLinks(trx, bundle.documents.flatMap((d) => d.implements.map((k) => ({ document_id: docId(d.key), implements_id: docId(k) }))))
    for (const f of bundle.forms) {
      await insertFormGraph(trx, {
        form: { code: f.code, version: f.version, title: f.title, period_types: JSON.stringify(f.periodTypes), document_required: f.documentRequired ? 1 : 0 },
        sections: f.sections.map((s, si) => ({
          section: { code: s.code, title: s.title, position: si + 1 },
          indicators: s.indicators.map((i, ii) => ({
            code: i.code,
            label: i.label,
            unit_of_measure: i.unit ?? null,
            value_type: i.type,
            unit_agg: i.unitAgg,
            time_agg: i.timeAgg,
            numerator_code: i.numerator ?? null,
            denominator_code: i.denominator ?? null,
            weight_code: i.weight ?? null,
            min_value: i.min ?? null,
            max_value: i.max ?? null,
            choices: i.choices ? JSON.stringify(i.choices) : null,
            decimals: i.decimals ?? null,
            position: si * 1000 + ii + 1,
          })),
        })),
        rules: f.rules.map((r, ri) => ({ left_code: r.left, op: r.op, right_code: r.right, severity: r.severity ?? 'error', position: ri + 1 })),
      })
    }
    await insertAssignments(
      trx,
      bundle.assignments.map((a) => ({
        form_code: a.form,
        unit_id: unitId(a.unit),
        unit_kinds: a.unitKinds ? JSON.stringify(a.unitKinds) : null,
        period_type: a.periodType,
        deadline_rule: JSON.stringify(a.deadline),
        window_rule: JSON.stringify(a.window ?? { kind: 'calendar' }),
        valid_from: a.validFrom ?? null,
        valid_to: a.validTo ?? null,
        document_id: a.document ? docId(a.document) : null,
      })),
    )
    await insertTargets(
      trx,
      bundle.targets.map((t) => ({
        unit_id: unitId(t.unit),
        form_code: t.form,
        indicator_code: t.indicator,
        year: t.year,
        comparator: t.comparator,
        value: t.value ?? null,
        baseline_year: t.baselineYear ?? null,
        change_percent: t.changePercent ?? null,
        note: t.note ?? null,
        document_id: t.document ? docId(t.document) : null,
      })),
    )
  })
  return { seeded: true, units: bundle.units.length, documents: bundle.documents.length, forms: bundle.forms.length, assignments: bundle.assignments.length, targets: bundle.targets.length }
}
