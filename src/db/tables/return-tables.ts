import type { Generated } from 'kysely'

/** An uploaded file, kept whole: what was received is evidence, whatever became of it. */
export interface UploadTable {
  id: Generated<number>
  sha256: string
  file_name: string
  size_bytes: number
  content: Buffer
  uploaded_by: number | null
  uploaded_at: string
  client_address: string | null
  /** committed | duplicate | refused */
  outcome: string
  /** JSON: findings and a summary of what was stored. */
  result: string
  /** Why the bytes were not kept (same_file | file_size | account_budget | total_budget); null: `content` is the file. */
  content_dropped: string | null
}

/** One return: a unit's figures for a form and a period, either its own or consolidated for its subtree. */
export interface ReturnTable {
  id: Generated<number>
  unit_id: number
  form_code: string
  form_id: number
  period_id: string
  period_start: string
  period_end: string
  /** own | consolidated (domain.md §5.5) */
  scope: string
  document_id: number | null
  /** draft | submitted | approved | returned */
  status: string
  current_revision: number
  created_at: string
  updated_at: string
  submitted_at: string | null
  submitted_by: number | null
  late_days: number | null
  approved_at: string | null
  approved_by: number | null
  returned_reason: string | null
}

export interface ReturnRevisionTable {
  id: Generated<number>
  return_id: number
  number: number
  upload_id: number | null
  created_by: number | null
  created_at: string
}

/** Every revision's values, for history; the current revision's are also in current_values. */
export interface ReturnValueTable {
  id: Generated<number>
  revision_id: number
  indicator_code: string
  num_value: number | null
  text_value: string | null
  /** Where it came from, e.g. "Biểu 01!E12". */
  place: string | null
}

/** The values of each return's current revision: what rollups read. Replaced whole on each revision. */
export interface CurrentValueTable {
  return_id: number
  indicator_code: string
  num_value: number | null
  text_value: string | null
}

export interface ReturnTables {
  uploads: UploadTable
  returns: ReturnTable
  return_revisions: ReturnRevisionTable
  return_values: ReturnValueTable
  current_values: CurrentValueTable
}
