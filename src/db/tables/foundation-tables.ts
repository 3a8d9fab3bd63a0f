import type { Generated } from 'kysely'
import type { Comparator } from '../../domain/assignments/target-comparators.js'
import type { Severity, TimeAggregation, UnitAggregation, ValueType } from '../../domain/forms/form-vocabulary.js'
import type { PeriodType } from '../../domain/periods/period-id.js'
import type { Sector, UnitKind } from '../../domain/units/unit-vocabulary.js'

/** Dates are ISO `YYYY-MM-DD` text and timestamps ISO-8601 text on both dialects, so queries stay dialect-neutral. */
export interface UnitTable {
  id: Generated<number>
  code: string
  name: string
  /** Lower-case, diacritics stripped: what search compares against. */
  name_folded: string
  /** Byte-comparable Vietnamese collation key, so ORDER BY gives Vietnamese order on both dialects. */
  sort_key: string
  kind: UnitKind
  sector: Sector
  parent_id: number | null
  depth: number
  opened_on: string | null
  closed_on: string | null
  place_name: string | null
  header_superior: string | null
  header_name: string | null
  is_example: number
}

/** Current tree only; history of parents is in unit_parent_history. */
export interface UnitClosureTable {
  ancestor_id: number
  descendant_id: number
  depth: number
}

export interface UnitParentHistoryTable {
  id: Generated<number>
  unit_id: number
  parent_id: number | null
  valid_from: string | null
  valid_to: string | null
}

export interface DocumentTable {
  id: Generated<number>
  key: string
  symbol: string
  number: number | null
  doc_type: string | null
  issuer_code: string | null
  system: string
  title: string
  issued_on: string | null
  issuing_unit_id: number | null
  source_file: string | null
}

export interface DocumentLinkTable {
  document_id: number
  implements_id: number
}

export interface FormTable {
  id: Generated<number>
  code: string
  version: number
  title: string
  period_types: string
  document_required: number
}

export interface FormSectionTable {
  id: Generated<number>
  form_id: number
  code: string
  title: string
  position: number
}

export interface IndicatorTable {
  id: Generated<number>
  form_id: number
  section_id: number
  code: string
  label: string
  unit_of_measure: string | null
  value_type: ValueType
  unit_agg: UnitAggregation
  time_agg: TimeAggregation
  numerator_code: string | null
  denominator_code: string | null
  weight_code: string | null
  min_value: number | null
  max_value: number | null
  choices: string | null
  decimals: number | null
  position: number
}

export interface FormRuleTable {
  id: Generated<number>
  form_id: number
  left_code: string
  op: Comparator
  right_code: string
  severity: Severity
  position: number
}

export interface AssignmentTable {
  id: Generated<number>
  form_code: string
  unit_id: number
  unit_kinds: string | null
  period_type: PeriodType
  deadline_rule: string
  window_rule: string
  valid_from: string | null
  valid_to: string | null
  document_id: number | null
}

export interface TargetTable {
  id: Generated<number>
  unit_id: number
  form_code: string
  indicator_code: string
  year: number
  comparator: Comparator
  value: number | null
  baseline_year: number | null
  change_percent: number | null
  note: string | null
  document_id: number | null
}

export interface FoundationTables {
  units: UnitTable
  unit_closure: UnitClosureTable
  unit_parent_history: UnitParentHistoryTable
  documents: DocumentTable
  document_links: DocumentLinkTable
  forms: FormTable
  form_sections: FormSectionTable
  indicators: IndicatorTable
  form_rules: FormRuleTable
  assignments: AssignmentTable
  targets: TargetTable
}
