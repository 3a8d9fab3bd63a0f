import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database-types.js'
import { findDocumentsByIds, findLinks, type DocumentRow } from '../db/repositories/document.repository.js'
import { findFormsByIds, findIndicatorsOf, findRulesOf, findSectionsOf, type FormRow, type FormRuleRow, type FormSectionRow, type IndicatorRow } from '../db/repositories/form.repository.js'
import { countSubtrees, findAncestorsOf, findChildrenOf, findParentHistory, findUnitsByIds, type UnitRow } from '../db/repositories/unit.repository.js'

function byId<T extends { id: number }>(rows: T[], ids: readonly number[]): (T | null)[] {
  const m = new Map(rows.map((r) => [r.id, r]))
  return ids.map((id) => m.get(id) ?? null)
}

function groupBy<T, K>(rows: T[], ids: readonly K[], key: (r: T) => K): T[][] {
  const m = new Map<K, T[]>(ids.map((id) => [id, []]))
  for (const r of rows) m.get(key(r))?.push(r)
  return ids.map((id) => m.get(id) ?? [])
}

/** One set of DataLoaders per request: a tree query costs one SQL query per level, not per node. */
export function createRequestLoaders(db: Kysely<Database>) {
  return {
    unit: new DataLoader<number, UnitRow | null>(async (ids) => byId(await findUnitsByIds(db, ids), ids)),
    children: new DataLoader<number, UnitRow[]>(async (ids) => groupBy(await findChildrenOf(db, ids), ids, (r) => r.parent_id)),
    ancestors: new DataLoader<number, UnitRow[]>(async (ids) => groupBy(await findAncestorsOf(db, ids), ids, (r) => r.descendant_id)),
    subtreeSize: new DataLoader<number, number>(async (ids) => {
      const counts = await countSubtrees(db, ids)
      return ids.map((id) => counts.get(id) ?? 1)
    }),
    parentHistory: new DataLoader(async (ids: readonly number[]) => groupBy(await findParentHistory(db, ids), ids, (r) => r.unit_id)),
    document: new DataLoader<number, DocumentRow | null>(async (ids) => byId(await findDocumentsByIds(db, ids), ids)),
    implements: new DataLoader(async (ids: readonly number[]) => groupBy(await findLinks(db, ids, 'implements'), ids, (r) => r.document_id)),
    implementedBy: new DataLoader(async (ids: readonly number[]) => groupBy(await findLinks(db, ids, 'implementedBy'), ids, (r) => r.implements_id)),
    form: new DataLoader<number, FormRow | null>(async (ids) => byId(await findFormsByIds(db, ids), ids)),
    sections: new DataLoader<number, FormSectionRow[]>(async (ids) => groupBy(await findSectionsOf(db, ids), ids, (r) => r.form_id)),
    indicators: new DataLoader<number, IndicatorRow[]>(async (ids) => groupBy(await findIndicatorsOf(db, ids), ids, (r) => r.form_id)),
    rules: new DataLoader<number, FormRuleRow[]>(async (ids) => groupBy(await findRulesOf(db, ids), ids, (r) => r.form_id)),
  }
}

export type RequestLoaders = ReturnType<typeof createRequestLoaders>
