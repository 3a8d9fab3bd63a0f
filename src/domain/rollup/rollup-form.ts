import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findLatestFormVersion, loadFormIndicators } from '../../db/repositories/rollup.repository.js'
import { DomainError } from '../domain-error.js'
import type { FormInfo } from './rollup-aggregation.js'

type Db = Kysely<Database>

// A form version's indicators never change once inserted (a new version is a new form row), so they are kept per
// form id for each database. A transaction shares its database's adapter object, so a commit finds them too.
const formCache = new WeakMap<object, Map<number, FormInfo>>()

export async function loadForm(db: Db, formCode: string): Promise<FormInfo> {
  const head = await findLatestFormVersion(db, formCode)
  if (!head) throw new DomainError('FORM_NOT_FOUND', `Không tìm thấy biểu mẫu "${formCode}"`)
  return formVersion(db, head.id)
}

export async function formVersion(db: Db, formId: number): Promise<FormInfo> {
  const key = db.getExecutor().adapter
  let forms = formCache.get(key)
  const hit = forms?.get(formId)
  if (hit) return hit
  const form = await loadFormIndicators(db, formId)
  if (!forms) formCache.set(key, (forms = new Map()))
  forms.set(formId, form)
  return form
}
