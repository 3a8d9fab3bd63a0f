import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Database } from '../database-types.js'
import type { FormRuleTable, FormSectionTable, FormTable, IndicatorTable } from '../tables/foundation-tables.js'
import { inValues } from './value-list.js'

export type FormRow = Selectable<FormTable>
export type FormSectionRow = Selectable<FormSectionTable>
export type IndicatorRow = Selectable<IndicatorTable>
export type FormRuleRow = Selectable<FormRuleTable>
type Db = Kysely<Database>

export interface NewFormGraph {
  form: Insertable<FormTable>
  sections: { section: Omit<Insertable<FormSectionTable>, 'form_id'>; indicators: Omit<Insertable<IndicatorTable>, 'form_id' | 'section_id'>[] }[]
  rules: Omit<Insertable<FormRuleTable>, 'form_id'>[]
}

export async function insertFormGraph(db: Db, graph: NewFormGraph): Promise<number> {
  const { id: formId } = await db.insertInto('forms').values(graph.form).returning('id').executeTakeFirstOrThrow()
  for (const { section, indicators } of graph.sections) {
    const { id: sectionId } = await db.insertInto('form_sections').values({ ...section, form_id: formId }).returning('id').executeTakeFirstOrThrow()
    if (indicators.length > 0) {
      await db.insertInto('indicators').values(indicators.map((i) => ({ ...i, form_id: formId, section_id: sectionId }))).execute()
    }
  }
  if (graph.rules.length > 0) await db.insertInto('form_rules').values(graph.rules.map((r) => ({ ...r, form_id: formId }))).execute()
  return formId
}

/** The given version, or the latest one. */
export async function findForm(db: Db, code: string, version?: number | null): Promise<FormRow | undefined> {
  let q = db.selectFrom('forms').selectAll().where('code', '=', code)
  if (version != null) q = q.where('version', '=', version)
  return q.orderBy('version', 'desc').executeTakeFirst()
}

export async function findFormsByIds(db: Db, ids: readonly number[]): Promise<FormRow[]> {
  if (ids.length === 0) return []
  return db.selectFrom('forms').selectAll().where(inValues(db, 'id', ids)).execute()
}

export async function listForms(db: Db, q: { afterId: number | null; limit: number }): Promise<FormRow[]> {
  let query = db.selectFrom('forms').selectAll()
  if (q.afterId !== null) query = query.where('id', '>', q.afterId)
  return query.orderBy('id').limit(q.limit).execute()
}

export async function findSectionsOf(db: Db, formIds: readonly number[]): Promise<FormSectionRow[]> {
  if (formIds.length === 0) return []
  return db.selectFrom('form_sections').selectAll().where(inValues(db, 'form_id', formIds)).orderBy('form_id').orderBy('position').execute()
}

export async function findIndicatorsOf(db: Db, formIds: readonly number[]): Promise<IndicatorRow[]> {
  if (formIds.length === 0) return []
  return db.selectFrom('indicators').selectAll().where(inValues(db, 'form_id', formIds)).orderBy('form_id').orderBy('position').execute()
}

export async function findRulesOf(db: Db, formIds: readonly number[]): Promise<FormRuleRow[]> {
  if (formIds.length === 0) return []
  return db.selectFrom('form_rules').selectAll().where(inValues(db, 'form_id', formIds)).orderBy('form_id').orderBy('position').execute()
}
