import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findForm, findIndicatorsOf, findSectionsOf } from '../../db/repositories/form.repository.js'
import type { ExportForm } from '../../../exports/form-shape.js'
import { DomainError } from '../domain-error.js'

/** The form (given version or latest) as the writers' plain data; FORM_NOT_FOUND otherwise. */
export async function loadExportForm(db: Kysely<Database>, code: string, version?: number | null): Promise<ExportForm> {
  const form = await findForm(db, code.trim(), version)
  if (!form) throw new DomainError('FORM_NOT_FOUND', `Không tìm thấy biểu mẫu "${code}"`)
  const [sections, indicators] = await Promise.all([findSectionsOf(db, [form.id]), findIndicatorsOf(db, [form.id])])
  return {
    code: form.code,
    version: form.version,
    title: form.title,
    sections: sections.map((s) => ({
      code: s.code,
      title: s.title,
      indicators: indicators
        .filter((i) => i.section_id === s.id)
        .map((i) => ({
          code: i.code,
          label: i.label,
          unitOfMeasure: i.unit_of_measure,
          valueType: i.value_type,
          numeratorCode: i.numerator_code,
          denominatorCode: i.denominator_code,
          weightCode: i.weight_code,
          min: i.min_value,
          max: i.max_value,
          choices: i.choices ? (JSON.parse(i.choices) as string[]) : null,
          decimals: i.decimals,
        })),
    })),
  }
}
