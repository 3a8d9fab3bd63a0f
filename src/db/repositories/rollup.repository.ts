import type { Kysely } from 'kysely'
import type { Database } from '../database-types.js'
import type { AssignmentRow, TargetRow } from './assignment.repository.js'
import type { IndicatorRow } from './form.repository.js'
import { chunks } from './batch-insert.js'

type Db = Kysely<Database>

/** A unit as it stood in one period: `parent_id` is the parent valid on the period's end date. */
export interface PeriodUnit {
  id: number
  code: string
  name: string
  sort_key: string
  kind: string
  parent_id: number | null
  opened_on: string | null
  closed_on: string | null
}

export interface RollupReturnRow {
  id: number
  unit_id: number
  period_id: string
  scope: string
  status: string
  submitted_at: string | null
  late_days: number | null
}

export interface RollupValueRow {
  return_id: number
  indicator_code: string
  num_value: number | null
  text_value: string | null
}

const IN_CHUNK = 5000
/** Above this many units, one pass over the whole table beats batches of IN lists (the engine's settings pass it on). */
export const LARGE_SUBTREE_UNITS = 20_000

/** The same as the breadth-first walk, from one read of every parent-history row in force by `end`. */
async function loadPeriodSubtreeWhole(db: Db, rootId: number, start: string, end: string): Promise<PeriodUnit[]> {
  const rows = await db
    .selectFrom('unit_parent_history as h')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['u.id', 'u.code', 'u.name', 'u.sort_key', 'u.kind', 'u.parent_id as current_parent', 'h.parent_id', 'u.opened_on', 'u.closed_on', 'h.valid_from'])
    .where((eb) => eb.or([eb('h.valid_from', 'is', null), eb('h.valid_from', '<=', end)]))
    .execute()
  const latest = new Map<number, (typeof rows)[number]>()
  for (const r of rows) {
    const cur = latest.get(r.id)
    if (!cur || (r.valid_from ?? '') > (cur.valid_from ?? '')) latest.set(r.id, r)
  }
  const kids = new Map<number, PeriodUnit[]>()
  let root: PeriodUnit | null = null
  for (const r of latest.values()) {
    const u: PeriodUnit = { id: r.id, code: r.code, name: r.name, sort_key: r.sort_key, kind: r.kind, parent_id: r.parent_id, opened_on: r.opened_on, closed_on: r.closed_on }
    if (r.id === rootId) { root = { ...u, parent_id: r.current_parent }; continue }
    if (r.parent_id === null) continue
    if (r.opened_on !== null && r.opened_on > end) continue
    if (r.closed_on !== null && r.closed_on < start) continue
    const list = kids.get(r.parent_id)
    if (list) list.push(u)
    else kids.set(r.parent_id, [u])
  }
  if (!root) {
    const r = await db.selectFrom('units').select(['id', 'code', 'name', 'sort_key', 'kind', 'parent_id', 'opened_on', 'closed_on']).where('id', '=', rootId).executeTakeFirst()
    if (!r) return []
    root = r
  }
  const out: PeriodUnit[] = [root]
  for (let i = 0; i < out.length; i++) for (const k of kids.get(out[i]!.id) ?? []) out.push(k)
  return out
}

/**
 * The subtree of `rootId` as it was in a period [start, end]: breadth first over unit_parent_history, keeping a
 * unit under the parent its latest history row starting on or before `end` names, and only units open in the period.
 */
export async function loadPeriodSubtree(db: Db, rootId: number, start: string, end: string, largeSubtree = LARGE_SUBTREE_UNITS): Promise<PeriodUnit[]> {
  const size = await db.selectFrom('unit_closure').select((eb) => eb.fn.countAll<number>().as('n')).where('ancestor_id', '=', rootId).executeTakeFirst()
  if (Number(size?.n ?? 0) > largeSubtree) return loadPeriodSubtreeWhole(db, rootId, start, end)
  const root = await db.selectFrom('units').select(['id', 'code', 'name', 'sort_key', 'kind', 'parent_id', 'opened_on', 'closed_on']).where('id', '=', rootId).executeTakeFirst()
  if (!root) return []
  const out: PeriodUnit[] = [root]
  const seen = new Set<number>([rootId])
  let level = [rootId]
  while (level.length > 0) {
    const next: PeriodUnit[] = []
    for (const batch of chunks(level, IN_CHUNK)) {
      const candidates = await db
        .selectFrom('unit_parent_history as h')
        .innerJoin('units as u', 'u.id', 'h.unit_id')
        .select(['u.id', 'u.code', 'u.name', 'u.sort_key', 'u.kind', 'h.parent_id', 'u.opened_on', 'u.closed_on', 'h.valid_from'])
        .where('h.parent_id', 'in', batch)
        .where((eb) => eb.or([eb('h.valid_from', 'is', null), eb('h.valid_from', '<=', end)]))
        .execute()
      if (candidates.length === 0) continue
      const ids = [...new Set(candidates.map((c) => c.id))]
      // The row in force at `end` for each candidate: the latest one starting on or before it.
      const latest = new Map<number, { parent_id: number | null; from: string }>()
      for (const idBatch of chunks(ids, IN_CHUNK)) {
        const rows = await db
          .selectFrom('unit_parent_history')
          .select(['unit_id', 'parent_id', 'valid_from'])
          .where('unit_id', 'in', idBatch)
          .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', end)]))
          .execute()
        for (const r of rows) {
          const from = r.valid_from ?? ''
          const cur = latest.get(r.unit_id)
          if (!cur || from > cur.from) latest.set(r.unit_id, { parent_id: r.parent_id, from })
        }
      }
      for (const c of candidates) {
        if (seen.has(c.id)) continue
        if (latest.get(c.id)?.parent_id !== c.parent_id) continue
        if (c.opened_on !== null && c.opened_on > end) continue
        if (c.closed_on !== null && c.closed_on < start) continue
        seen.add(c.id)
        next.push({ id: c.id, code: c.code, name: c.name, sort_key: c.sort_key, kind: c.kind, parent_id: c.parent_id, opened_on: c.opened_on, closed_on: c.closed_on })
      }
    }
    out.push(...next)
    level = next.map((u) => u.id)
  }
  return out
}

export async function loadRollupReturns(
  db: Db, formCode: string, periodIds: readonly string[], unitIds: readonly number[], largeSubtree = LARGE_SUBTREE_UNITS,
): Promise<{ returns: RollupReturnRow[]; values: RollupValueRow[] }> {
  const returns: RollupReturnRow[] = []
  if (periodIds.length === 0 || unitIds.length === 0) return { returns, values: [] }
  if (unitIds.length > largeSubtree) return loadRollupReturnsWhole(db, formCode, periodIds, new Set(unitIds))
  for (const batch of chunks(unitIds, IN_CHUNK)) {
    returns.push(
      ...(await db
        .selectFrom('returns')
        .select(['id', 'unit_id', 'period_id', 'scope', 'status', 'submitted_at', 'late_days'])
        .where('form_code', '=', formCode)
        .where('period_id', 'in', [...periodIds])
        .where('unit_id', 'in', batch)
        .execute()),
    )
  }
  const values: RollupValueRow[] = []
  const ids = returns.filter((r) => r.status !== 'draft').map((r) => r.id)
  for (const batch of chunks(ids, IN_CHUNK)) {
    values.push(...(await db.selectFrom('current_values').select(['return_id', 'indicator_code', 'num_value', 'text_value']).where('return_id', 'in', batch).execute()))
  }
  return { returns, values }
}

/** The current values of one unit's counted (non-draft) returns for a form and period, in one round trip. */
export async function loadUnitReturnValues(db: Db, formCode: string, periodId: string, unitId: number): Promise<(RollupValueRow & { scope: string })[]> {
  return db
    .selectFrom('returns as r')
    .innerJoin('current_values as cv', 'cv.return_id', 'r.id')
    .select(['cv.return_id', 'r.scope', 'cv.indicator_code', 'cv.num_value', 'cv.text_value'])
    .where('r.form_code', '=', formCode)
    .where('r.period_id', '=', periodId)
    .where('r.unit_id', '=', unitId)
    .where('r.status', '<>', 'draft')
    .execute()
}

/** For large subtrees: every return of the form and periods in one join, kept when its unit is in the set. */
async function loadRollupReturnsWhole(db: Db, formCode: string, periodIds: readonly string[], units: Set<number>): Promise<{ returns: RollupReturnRow[]; values: RollupValueRow[] }> {
  const returns = (
    await db.selectFrom('returns').select(['id', 'unit_id', 'period_id', 'scope', 'status', 'submitted_at', 'late_days']).where('form_code', '=', formCode).where('period_id', 'in', [...periodIds]).execute()
  ).filter((r) => units.has(r.unit_id))
  const keep = new Set(returns.filter((r) => r.status !== 'draft').map((r) => r.id))
  const values = (
    await db
      .selectFrom('returns as r')
      .innerJoin('current_values as cv', 'cv.return_id', 'r.id')
      .select(['cv.return_id', 'cv.indicator_code', 'cv.num_value', 'cv.text_value'])
      .where('r.form_code', '=', formCode)
      .where('r.period_id', 'in', [...periodIds])
      .execute()
  ).filter((v) => keep.has(v.return_id))
  return { returns, values }
}

/** The latest version of a form: its id only, so callers can keep what they built from it. */
export async function findLatestFormVersion(db: Db, formCode: string): Promise<{ id: number } | undefined> {
  return db.selectFrom('forms').select('id').where('code', '=', formCode).orderBy('version', 'desc').limit(1).executeTakeFirst()
}

/** A form version's period types and indicators, in form order. */
export async function loadFormIndicators(db: Db, formId: number): Promise<{ periodTypes: string[]; indicators: IndicatorRow[] }> {
  const form = await db.selectFrom('forms').select('period_types').where('id', '=', formId).executeTakeFirstOrThrow()
  const indicators = await db.selectFrom('indicators').selectAll().where('form_id', '=', formId).orderBy('position').orderBy('id').execute()
  return { periodTypes: JSON.parse(form.period_types) as string[], indicators }
}

export async function loadFormAssignments(db: Db, formCode: string): Promise<AssignmentRow[]> {
  return db.selectFrom('assignments').selectAll().where('form_code', '=', formCode).orderBy('id').execute()
}

export async function loadTargetsFor(db: Db, formCode: string, unitIds: readonly number[]): Promise<TargetRow[]> {
  const out: TargetRow[] = []
  for (const batch of chunks(unitIds, IN_CHUNK)) out.push(...(await db.selectFrom('targets').selectAll().where('form_code', '=', formCode).where('unit_id', 'in', batch).orderBy('id').execute()))
  return out
}

/** Current ancestors of a unit (not itself). */
export async function loadAncestorIds(db: Db, unitId: number): Promise<number[]> {
  const rows = await db.selectFrom('unit_closure').select('ancestor_id').where('descendant_id', '=', unitId).where('depth', '>', 0).execute()
  return rows.map((r) => r.ancestor_id)
}

export interface NewRollupReturn {
  unitId: number
  formCode: string
  periodId: string
  periodStart: string
  periodEnd: string
  scope: 'own' | 'consolidated'
  status?: string
  submittedAt?: string | null
  lateDays?: number | null
  values: { code: string; num?: number | null; text?: string | null }[]
}

/** Direct insertion of a return and its current values (tests and the bench data generator). */
export async function insertReturnWithValues(db: Db, r: NewRollupReturn): Promise<number> {
  const form = await db.selectFrom('forms').select('id').where('code', '=', r.formCode).orderBy('version', 'desc').executeTakeFirstOrThrow()
  const now = new Date().toISOString()
  const { id } = await db
    .insertInto('returns')
    .values({
      unit_id: r.unitId, form_code: r.formCode, form_id: form.id, period_id: r.periodId, period_start: r.periodStart, period_end: r.periodEnd,
      scope: r.scope, status: r.status ?? 'submitted', current_revision: 1, created_at: now, updated_at: now,
      submitted_at: r.submittedAt === undefined ? now : r.submittedAt, late_days: r.lateDays ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const rows = r.values.map((v) => ({ return_id: id, indicator_code: v.code, num_value: v.num ?? null, text_value: v.text ?? null }))
  for (const batch of chunks(rows)) await db.insertInto('current_values').values(batch).execute()
  return id
}
