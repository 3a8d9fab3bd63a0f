import type { Kysely } from 'kysely'
import type { CompletenessEntry, ConsolidatedChild, ConsolidatedIndicatorRow, TextAnswer } from '../../../exports/consolidated-report-data.js'
import type { ExportIndicator } from '../../../exports/form-shape.js'
import type { Database } from '../../db/database-types.js'
import type { Period } from '../periods/period-id.js'

/** What the rollup engine is asked, once per export. */
export interface RollupQuery {
  unitId: number
  unitCode: string
  formCode: string
  formVersion: number
  period: Period
  indicators: readonly ExportIndicator[]
}

/**
 * The consolidated export reads every figure through this interface. Ratios are fractions (0.991 = 99.1%); numbers not
 * reported are null (never 0). Record keys are indicator codes.
 */
export interface RollupSource {
  /** The unit's consolidated figures for the period: value, ytd, lastYear, change, target, status per indicator. */
  unitFigures(q: RollupQuery): Promise<Record<string, ConsolidatedIndicatorRow>>
  /** Each direct child's figures for the period (order does not matter; the adapter sorts). */
  childFigures(q: RollupQuery): Promise<ConsolidatedChild[]>
  /** Every expected unit (assigned and open) with received / late (days) / missing. */
  completeness(q: RollupQuery): Promise<CompletenessEntry[]>
  /** Text answers, in unit order. */
  texts(q: RollupQuery): Promise<TextAnswer[]>
}

/**
 * Where the export's figures come from, per database handle: the rollup engine in the product (`rollupEngineSource`),
 * fixed figures in the tests that check the writer alone. The application's services carry it; nothing is switched
 * process-wide.
 */
export type RollupSourceFactory = (db: Kysely<Database>) => RollupSource
