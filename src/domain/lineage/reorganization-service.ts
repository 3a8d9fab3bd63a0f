import { findChildrenOf, findUnitByCode, type UnitRow } from '../../db/repositories/unit.repository.js'
import { findLineageFrom, findLineageInto, insertLineage, nextLineageEventId, type NewLineage } from '../../db/repositories/lineage.repository.js'
import type { Db } from '../database-handle.js'
import { DomainError } from '../domain-error.js'
import { addDays } from '../periods/calendar-date.js'
import { closeUnit, createUnit, moveUnit, type NewUnitInput } from '../units/unit-admin-service.js'

export const REORGANIZATION_KINDS = ['merge', 'split', 'rename'] as const
export type ReorganizationKind = (typeof REORGANIZATION_KINDS)[number]

/** One unit the sources continue in: an existing one, or one this reorganization opens. */
export interface ReorganizationTarget {
  existing?: UnitRow
  create?: Omit<NewUnitInput, 'openedOn'>
  /** share of the source's figures (split only; merge and rename carry everything: 1) */
  share?: number | null
  /** per-indicator shares where the form gives a basis (population…), split only */
  indicatorShares?: readonly { indicator: string; share: number }[] | null
}

export interface ReorganizationInput {
  kind: ReorganizationKind
  sources: readonly UnitRow[]
  targets: readonly ReorganizationTarget[]
  /** the first day of the new tree; sources close the day before */
  effectiveOn: string
}

export interface ReorganizationResult {
  eventId: number
  targets: UnitRow[]
}

const EPS = 1e-9

function refuse(code: string, message: string): never {
  throw new DomainError(code, message)
}

function checkShape(input: ReorganizationInput): void {
  const { kind, sources, targets } = input
  if (sources.length === 0 || targets.length === 0) refuse('LINEAGE_SHAPE', 'Cần ít nhất một đơn vị nguồn và một đơn vị kế thừa')
  if (kind === 'merge' && targets.length !== 1) refuse('LINEAGE_SHAPE', 'Hợp nhất: nhiều đơn vị thành một đơn vị kế thừa')
  if (kind === 'split' && (sources.length !== 1 || targets.length < 2)) refuse('LINEAGE_SHAPE', 'Chia tách: một đơn vị thành nhiều đơn vị kế thừa')
  if (kind === 'rename' && (sources.length !== 1 || targets.length !== 1)) refuse('LINEAGE_SHAPE', 'Đổi tên, nâng cấp: một đơn vị thành một đơn vị')
  if (new Set(sources.map((s) => s.id)).size !== sources.length) refuse('LINEAGE_SHAPE', 'Một đơn vị nguồn được nêu hai lần')
  for (const t of targets) if (!t.existing === !t.create) refuse('LINEAGE_SHAPE', 'Mỗi đơn vị kế thừa là một đơn vị có sẵn hoặc một đơn vị mới thành lập')
}

/** The shares each target takes: `null` key for all indicators. Merge and rename carry 1; a split must say. */
function sharesOf(kind: ReorganizationKind, t: ReorganizationTarget): { indicator: string | null; share: number }[] {
  const given = [...(t.share !== null && t.share !== undefined ? [{ indicator: null as string | null, share: t.share }] : []), ...(t.indicatorShares ?? []).map((s) => ({ indicator: s.indicator as string | null, share: s.share }))]
  for (const s of given) if (!Number.isFinite(s.share) || s.share <= 0 || s.share > 1) refuse('LINEAGE_BAD_SHARE', `Tỷ lệ ${s.share} không hợp lệ: phải lớn hơn 0 và không quá 1`)
  if (kind !== 'split') {
    if (given.some((s) => Math.abs(s.share - 1) > EPS)) refuse('LINEAGE_BAD_SHARE', 'Hợp nhất, đổi tên: đơn vị kế thừa nhận toàn bộ số liệu (tỷ lệ 1)')
    return [{ indicator: null, share: 1 }]
  }
  if (!given.some((s) => s.indicator === null)) refuse('LINEAGE_BAD_SHARE', 'Chia tách: mỗi đơn vị kế thừa cần một tỷ lệ (share)')
  return given
}

/** Everything the sources already came from, transitively: a target among them would make a loop. */
async function ancestryOf(db: Db, ids: readonly number[]): Promise<Set<number>> {
  const seen = new Set<number>(ids)
  let frontier = [...ids]
  while (frontier.length > 0) {
    const rows = await findLineageInto(db, frontier)
    frontier = rows.map((r) => r.source_unit_id).filter((id) => !seen.has(id))
    for (const id of frontier) seen.add(id)
  }
  return seen
}

async function checkSources(db: Db, input: ReorganizationInput, shares: { indicator: string | null; share: number }[][]): Promise<void> {
  const lastDay = addDays(input.effectiveOn, -1)
  for (const s of input.sources) {
    if (s.opened_on !== null && input.effectiveOn <= s.opened_on) refuse('LINEAGE_BEFORE_SOURCE_OPENED', `Ngày hiệu lực ${input.effectiveOn} không sau ngày thành lập ${s.opened_on} của "${s.name}"`)
    if (s.closed_on !== null && s.closed_on < lastDay) refuse('LINEAGE_SOURCE_CLOSED', `"${s.name}" đã giải thể từ ${s.closed_on}, trước ngày hiệu lực ${input.effectiveOn}`)
    // the same source succeeded again for the same date: its shares, old and new, must not pass 1 (else counted twice)
    const earlier = (await findLineageFrom(db, [s.id])).filter((r) => r.effective_on === input.effectiveOn)
    const keys = new Set([null, ...earlier.map((r) => r.indicator_code), ...shares.flat().map((x) => x.indicator)])
    for (const key of keys) {
      const shareFor = (rows: { indicator: string | null; share: number }[]) => (rows.find((x) => x.indicator === key) ?? rows.find((x) => x.indicator === null))?.share ?? 0
      const before = [...new Set(earlier.map((r) => r.target_unit_id))].reduce((sum, target) => sum + shareFor(earlier.filter((r) => r.target_unit_id === target).map((r) => ({ indicator: r.indicator_code, share: r.share }))), 0)
      const total = before + shares.reduce((sum, t) => sum + shareFor(t), 0)
      if (total > 1 + EPS) {
        refuse('LINEAGE_DOUBLE_COUNT', `"${s.name}" được kế thừa quá toàn bộ từ ngày ${input.effectiveOn} (tổng tỷ lệ ${Math.round(total * 1000) / 1000} > 1${key ? `, chỉ tiêu ${key}` : ''}): số liệu sẽ bị tính hai lần`)
      }
    }
  }
}

/**
 * Records a merge, split, rename or upgrade with the closes and opens it implies: new targets open on the effective
 * date, sources close the day before (a merge or rename first moves the sources' open children to the target), and
 * the lineage rows say where the sources' figures continue. Runs inside the caller's transaction; refusals write nothing.
 */
export async function reorganizeUnits(db: Db, input: ReorganizationInput): Promise<ReorganizationResult> {
  checkShape(input)
  const shares = input.targets.map((t) => sharesOf(input.kind, t))
  const sourceIds = new Set(input.sources.map((s) => s.id))
  const ancestry = await ancestryOf(db, [...sourceIds])
  for (const t of input.targets) {
    if (t.existing && ancestry.has(t.existing.id)) refuse('LINEAGE_LOOP', `"${t.existing.name}" không thể kế thừa chính nó hoặc đơn vị mà nó đã kế thừa`)
    if (t.existing && ((t.existing.opened_on !== null && t.existing.opened_on > input.effectiveOn) || (t.existing.closed_on !== null && t.existing.closed_on < input.effectiveOn))) {
      refuse('LINEAGE_TARGET_NOT_OPEN', `"${t.existing.name}" không hoạt động vào ngày ${input.effectiveOn}`)
    }
  }
  await checkSources(db, input, shares)

  const targets: UnitRow[] = []
  for (const t of input.targets) targets.push(t.existing ?? (await createUnit(db, { ...(t.create as Omit<NewUnitInput, 'openedOn'>), openedOn: input.effectiveOn })))
  const lastDay = addDays(input.effectiveOn, -1)
  for (const s of input.sources) {
    if (input.kind !== 'split') {
      const open = (await findChildrenOf(db, [s.id])).filter((c) => c.closed_on === null || c.closed_on >= input.effectiveOn)
      for (const child of open) await moveUnit(db, child, targets[0] as UnitRow, input.effectiveOn)
    }
    const fresh = (await findUnitByCode(db, s.code)) as UnitRow
    if (fresh.closed_on === null) await closeUnit(db, fresh, lastDay)
  }
  const eventId = await nextLineageEventId(db)
  const createdAt = new Date().toISOString()
  const rows: NewLineage[] = []
  for (const s of input.sources) {
    targets.forEach((target, i) => {
      for (const x of shares[i] ?? []) rows.push({ event_id: eventId, kind: input.kind, source_unit_id: s.id, target_unit_id: target.id, effective_on: input.effectiveOn, share: x.share, indicator_code: x.indicator, created_at: createdAt })
    })
  }
  await insertLineage(db, rows)
  return { eventId, targets }
}
