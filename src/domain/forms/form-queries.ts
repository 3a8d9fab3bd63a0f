import { findForm, listForms, type FormRow, type FormRuleRow, type FormSectionRow, type IndicatorRow } from '../../db/repositories/form.repository.js'
import type { Db } from '../database-handle.js'

export type { FormRow, FormRuleRow, FormSectionRow, IndicatorRow }

/** A form by its code, as typed (surrounding spaces ignored); the latest version unless one is named. */
export async function formByCode(db: Db, code: string, version?: number | null): Promise<FormRow | undefined> {
  return findForm(db, code.trim(), version)
}

export async function formsPage(db: Db, page: { afterId: number | null; limit: number }): Promise<FormRow[]> {
  return listForms(db, page)
}
