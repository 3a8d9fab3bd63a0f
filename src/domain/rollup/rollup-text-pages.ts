import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { loadStateTextsOf } from '../../db/repositories/rollup-state.repository.js'
import type { Computed, FormInfo, RollupText, Stats, TextPage, TextPageRequest } from './rollup-aggregation.js'
import { parseTexts } from './rollup-state-codec.js'
import { pageBounds, pageTexts } from './rollup-texts.js'

type Db = Kysely<Database>

/**
 * Pagers for the lists of texts of a stored node (not consolidated, one period) and of its children, so that a request
 * reads only the stored lists its page falls in. A node's list is its own return's texts, then each child's stored
 * list in unit order, and a list indicator's `n` is the length of that list: the count needs no text at all and a
 * page reads only the children it overlaps (the first 100 of a national list: one province's row, not the country's
 * 34,000 texts). A search has to look at every text of the node, so it reads every child's list. `node` null: the
 * children's pagers only (a consolidated node's own list is its return's, read whole).
 */
export function attachTextPages(db: Db, form: FormInfo, formCode: string, periodId: string, node: Stats | null, own: Stats | null, children: readonly Computed[]): void {
  // each child's list read and parsed at most once per rollup, whichever indicators and pages ask for it (they ask
  // at once: the promise is kept, not its result)
  const parsed = new Map<number, Promise<Map<string, RollupText[]>>>()
  const lists = new Map<number, Map<string, RollupText[]>>()
  const listsOf = async (ids: readonly number[]): Promise<void> => {
    const missing = ids.filter((id) => !parsed.has(id))
    if (missing.length > 0) {
      const rows = loadStateTextsOf(db, formCode, periodId, missing)
      for (const id of missing) parsed.set(id, rows.then((m) => (m.has(id) ? parseTexts(m.get(id)!) : new Map())))
    }
    for (const [i, m] of (await Promise.all(ids.map((id) => parsed.get(id)!))).entries()) lists.set(ids[i]!, m)
  }
  const listOf = (id: number, code: string) => lists.get(id)?.get(code) ?? []
  for (const ind of form.indicators) {
    if (ind.unit_agg !== 'list') continue
    const code = ind.code
    const mine = own?.get(code)?.texts ?? []
    const kids = children.map((c) => ({ id: c.unit.id, n: c.stats.get(code)?.n ?? 0 })).filter((k) => k.n > 0)
    const s = node?.get(code)
    if (s) s.pages = async (req: TextPageRequest): Promise<TextPage> => {
      if (req.search) {
        await listsOf(kids.map((k) => k.id))
        return pageTexts([...mine, ...kids.flatMap((k) => listOf(k.id, code))], req)
      }
      const { first, offset } = pageBounds(req)
      const total = mine.length + kids.reduce((n, k) => n + k.n, 0)
      const end = Math.min(offset + first, total)
      // the parts (own texts, then each child's list) the page [offset, end) overlaps
      const parts: { id: number | null; from: number }[] = []
      let at = 0
      for (const part of [{ id: null, n: mine.length }, ...kids]) {
        if (at < end && at + part.n > offset) parts.push({ id: part.id, from: at })
        at += part.n
      }
      await listsOf(parts.flatMap((p) => (p.id === null ? [] : [p.id])))
      const texts: RollupText[] = []
      for (const p of parts) {
        const list = p.id === null ? mine : listOf(p.id, code)
        for (let i = Math.max(0, offset - p.from); i < list.length && p.from + i < end; i++) texts.push(list[i]!)
      }
      return { total, texts }
    }
    for (const c of children) {
      const cs = c.stats.get(code)
      if (!cs || cs.n === 0) continue
      cs.pages = async (req) => {
        if (!req.search && pageBounds(req).first === 0) return { total: cs.n, texts: [] }
        await listsOf([c.unit.id])
        return pageTexts(listOf(c.unit.id, code), req)
      }
    }
  }
}
