// The shapes return-parser.ts works in: the form's indicators and rules (and the options) handed to it, and the
// values, entries and workbook it hands back.
import type { ImportFinding } from './import-finding.js'

export interface IndicatorSpec {
  readonly code: string
  readonly label: string
  readonly value_type: string
  readonly unit_agg: string
  readonly numerator_code: string | null
  readonly denominator_code: string | null
  readonly min_value: number | null
  readonly max_value: number | null
  readonly choices: string | null
}

export interface RuleSpec {
  readonly left_code: string
  readonly op: string
  readonly right_code: string
  readonly severity: string
}

export interface ParsedValue {
  readonly indicator: string
  readonly num: number | null
  readonly text: string | null
  readonly place: string
}

export interface ParsedUnitEntry {
  /** Unit code as typed (table layout "Mã đơn vị"), or null. */
  readonly unitCode: string | null
  /** Unit name as typed, or null. */
  readonly unitName: string | null
  readonly place: string | null
  /** Stored values: never ratio percentages (those are checked, then dropped). */
  readonly values: Map<string, ParsedValue>
  /** Ratio percentages as given, for display. */
  readonly ratios: Map<string, ParsedValue>
}

export interface ParsedWorkbook {
  readonly layout: 'form' | 'table'
  readonly sheet: string
  readonly entries: ParsedUnitEntry[]
  /** Text above the table (title, unit, period), for finding unit and period. */
  readonly headerText: string[]
  /** The same text with the cell each piece came from, for findings about it ("Biểu 01!A3"). */
  readonly headerCells: { readonly text: string; readonly place: string }[]
  readonly usedRows: ReadonlySet<number>
  readonly findings: ImportFinding[]
}

export interface ParseOptions {
  readonly indicators: readonly IndicatorSpec[]
  readonly rules: readonly RuleSpec[]
  /** From the hidden sheet, when the template says which layout it is. */
  readonly layout?: 'form' | 'table' | null
}
