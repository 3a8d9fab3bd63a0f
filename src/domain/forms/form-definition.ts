// A form version's definition (its row, indicators and rules) as the importer reads it, for every upload of that form.
// A version is never edited once written (a change is a new version, a new form row), so each database handle keeps
// what it read; transactions are other handles and read again.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findForm, findIndicatorsOf, findRulesOf, type FormRow, type FormRuleRow, type IndicatorRow } from '../../db/repositories/form.repository.js'

type Db = Kysely<Database>

export interface FormDefinition {
  readonly form: FormRow
  readonly indicators: readonly IndicatorRow[]
  readonly rules: readonly FormRuleRow[]
}

const byVersion = new WeakMap<Db, Map<string, FormDefinition>>()

/** The definition of one version of a form; the form's latest version when `version` is null. */
export async function formDefinition(db: Db, code: string, version: number | null): Promise<FormDefinition | null> {
  const key = version === null ? null : `${code}\u0000${version}`
  const cached = key === null ? undefined : byVersion.get(db)?.get(key)
  if (cached) return cached
  // "latest" moves when a version is added: read the row, then the (immutable) rest by its version
  const form = await findForm(db, code, version)
  if (!form) return null
  const exact = `${code}\u0000${form.version}`
  let versions = byVersion.get(db)
  const hit = versions?.get(exact)
  if (hit) return hit
  const [indicators, rules] = await Promise.all([findIndicatorsOf(db, [form.id]), findRulesOf(db, [form.id])])
  const definition: FormDefinition = { form, indicators, rules }
  if (!versions) byVersion.set(db, (versions = new Map()))
  versions.set(exact, definition)
  return definition
}
