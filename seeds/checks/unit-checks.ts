import { addDays } from '../seed-dates.js'
import { unitEntry } from '../seed-issue.js'
import type { IssueSink, SeedLocation } from '../seed-issue.js'
import type { UnitSeed } from '../seed-schema.js'

interface ParentLink {
  parent: string | null
  /** null = from the unit's beginning. */
  from: string | null
  /** null = still holds. */
  to: string | null
  what: string
}

/** Parent periods of a unit, oldest first; the last is the current parent. */
function parentLinks(u: UnitSeed): ParentLink[] {
  const earlier = u.history ?? []
  const links: ParentLink[] = earlier.map((h, j) => ({ parent: h.parent, from: h.from ?? u.openedOn ?? null, to: h.to, what: `history[${j}]` }))
  const last = earlier[earlier.length - 1]
  links.push({ parent: u.parent, from: last ? addDays(last.to, 1) : (u.openedOn ?? null), to: u.closedOn ?? null, what: 'parent' })
  return links
}

function checkDates(u: UnitSeed, report: (code: 'SEED_CLOSED_BEFORE_OPENED' | 'SEED_HISTORY_ORDER', message: string) => void): void {
  if (u.openedOn && u.closedOn && u.closedOn < u.openedOn) {
    report('SEED_CLOSED_BEFORE_OPENED', `Ngày giải thể ${u.closedOn} trước ngày thành lập ${u.openedOn}`)
  }
  const history = u.history ?? []
  history.forEach((h, j) => {
    if (h.from !== null && h.from > h.to) report('SEED_HISTORY_ORDER', `history[${j}]: "from" ${h.from} sau "to" ${h.to}`)
    if (j > 0 && h.from === null) report('SEED_HISTORY_ORDER', `history[${j}]: chỉ giai đoạn đầu tiên được để trống "from"`)
    const prev = history[j - 1]
    if (prev && h.from !== null && h.from <= prev.to) {
      report('SEED_HISTORY_ORDER', `history[${j}] (từ ${h.from}) chồng lấn hoặc đứng trước history[${j - 1}] (đến ${prev.to})`)
    }
    if (u.openedOn && (h.from ?? h.to) < u.openedOn) {
      report('SEED_HISTORY_ORDER', `history[${j}] bắt đầu trước ngày thành lập ${u.openedOn}`)
    }
  })
  const last = history[history.length - 1]
  if (last && u.closedOn && last.to >= u.closedOn) {
    report('SEED_HISTORY_ORDER', `history kết thúc ${last.to}, không trước ngày giải thể ${u.closedOn}: cấp trên hiện tại không còn giai đoạn nào`)
  }
}

/** Each parent period must fall within the parent's own life (no child under a closed or future unit). */
function checkParentsOpen(u: UnitSeed, byCode: ReadonlyMap<string, UnitSeed>, report: (message: string) => void): void {
  for (const link of parentLinks(u)) {
    const p = link.parent === null ? undefined : byCode.get(link.parent)
    if (!p) continue
    if (p.openedOn && (link.from === null || link.from < p.openedOn)) {
      report(`${link.what}: cấp trên "${p.code}" thành lập ngày ${p.openedOn}, sau khi giai đoạn trực thuộc bắt đầu (${link.from ?? 'không ghi ngày'})`)
    }
    if (p.closedOn && (link.to === null || link.to > p.closedOn)) {
      report(`${link.what}: cấp trên "${p.code}" giải thể ngày ${p.closedOn}, trước khi giai đoạn trực thuộc kết thúc (${link.to ?? 'đến nay'})`)
    }
  }
}

/** Reports each cycle of the current parent graph once, at the unit where the walk closed it. */
function checkCycles(units: readonly UnitSeed[], byCode: ReadonlyMap<string, UnitSeed>, report: (index: number, message: string) => void): void {
  const indexOf = new Map<string, number>()
  units.forEach((u, i) => {
    if (!indexOf.has(u.code)) indexOf.set(u.code, i)
  })
  const done = new Set<string>()
  for (const start of units) {
    if (done.has(start.code)) continue
    // Iterative walk: generated trees are deep enough that recursion is not worth the risk.
    const path: string[] = []
    const onPath = new Map<string, number>()
    let cur: UnitSeed | undefined = start
    while (cur && !done.has(cur.code)) {
      const seen = onPath.get(cur.code)
      if (seen !== undefined) {
        const cycle = [...path.slice(seen), cur.code]
        report(indexOf.get(cur.code) ?? 0, `Vòng lặp cấp trên: ${cycle.join(' → ')}`)
        break
      }
      onPath.set(cur.code, path.length)
      path.push(cur.code)
      cur = cur.parent === null ? undefined : byCode.get(cur.parent)
    }
    for (const code of path) done.add(code)
  }
}

export function checkUnits(units: readonly UnitSeed[], sources: readonly SeedLocation[], sink: IssueSink): Map<string, UnitSeed> {
  const byCode = new Map<string, UnitSeed>()
  const firstAt = new Map<string, number>()
  const at = (i: number) => sink.at(sources[i], unitEntry(units[i] as UnitSeed, sources[i]?.index ?? i))
  units.forEach((u, i) => {
    const report = at(i)
    const first = firstAt.get(u.code)
    if (first !== undefined) {
      const where = sources[first]
      report('SEED_DUPLICATE_CODE', `Mã đơn vị "${u.code}" đã dùng cho units[${where?.index ?? first}] trong ${where?.file ?? '?'}`)
      return
    }
    firstAt.set(u.code, i)
    byCode.set(u.code, u)
  })
  units.forEach((u, i) => {
    const report = at(i)
    if (u.parent !== null && !byCode.has(u.parent)) report('SEED_UNKNOWN_PARENT', `Đơn vị cấp trên "${u.parent}" không tồn tại`)
    ;(u.history ?? []).forEach((h, j) => {
      if (h.parent === u.code) report('SEED_CYCLE', `history[${j}]: đơn vị không thể trực thuộc chính nó`)
      else if (h.parent !== null && !byCode.has(h.parent)) report('SEED_UNKNOWN_PARENT', `history[${j}]: đơn vị cấp trên "${h.parent}" không tồn tại`)
    })
    checkDates(u, report)
    checkParentsOpen(u, byCode, (message) => report('SEED_PARENT_NOT_OPEN', message))
  })
  checkCycles(units, byCode, (i, message) => at(i)('SEED_CYCLE', message))
  return byCode
}
