import type { Kysely } from 'kysely'
import type { ImportFinding } from '../../../importers/import-finding.js'
import type { ParsedValue } from '../../../importers/return-parser-types.js'
import type { ReadResult } from '../../../importers/workbook-reader.js'
import type { KeptFileQuota } from './kept-file-quota.js'
import type { AppServices } from '../../app-services.js'
import type { DatabaseHandle } from '../../db/create-database.js'
import type { Database } from '../../db/database-types.js'

// What an import is asked and what it answers: shared by the analysis (read-only), the commit and the orchestrator.

export type ReturnScope = 'own' | 'consolidated'
export type ImportOutcome = 'committed' | 'duplicate' | 'refused' | 'dry_run'

export interface ImportActor {
  accountId: number | null
  username: string
  clientAddress?: string | null
  /** May this actor file returns for the unit? Out-of-scope units are reported exactly like unknown ones. Absent: any unit (CLI). */
  canUpload?: (unitId: number) => Promise<boolean>
}

export interface ImportReturnInput {
  bytes: Buffer | Uint8Array
  fileName: string
  unitCode?: string | null
  formCode?: string | null
  periodId?: string | null
  scope?: ReturnScope | null
  dryRun: boolean
  actor: ImportActor
  /** Test-only fault injection: called inside the transaction after half of the values are inserted. */
  hooks?: { afterHalfValues?: () => void | Promise<void> }
  /** The workbook already being read from these bytes (a batch reads the next file while this one commits). */
  reading?: Promise<ReadResult>
  /** Limits on keeping refused and duplicate files (default DEFAULT_KEPT_FILE_QUOTA). */
  keptFileQuota?: KeptFileQuota
}

export interface ImportedReturn {
  unitId: number
  unitCode: string
  unitName: string
  returnId: number | null
  /** The revision this upload made (or would make, in a dry run). */
  revision: number | null
  status: string
  /** The document the return reports on (domain.md §3), or null when neither the file nor the assignment names one. */
  documentId: number | null
  values: ParsedValue[]
  ratios: ParsedValue[]
}

export interface ImportResult {
  outcome: ImportOutcome
  message: string
  fileName: string
  sha256: string
  uploadId: number | null
  formCode: string | null
  periodId: string | null
  scope: ReturnScope
  layout: 'form' | 'table' | null
  returns: ImportedReturn[]
  findings: ImportFinding[]
}

export type ImportTarget = AppServices | DatabaseHandle | { db: Kysely<Database>; dialect: 'sqlite' | 'postgres' }
