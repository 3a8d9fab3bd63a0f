import type { ExportForm } from './form-shape.js'

/** A value as printed: numbers (ratios as fractions, 0.991 = 99.1%), text, yes/no, or not reported (null). */
export type ExportValue = number | string | boolean | null

/** One indicator of the unit's consolidated return, with the comparisons the "Tổng hợp" sheet prints. */
export interface ConsolidatedIndicatorRow {
  /** This period ("kỳ này"); ratios as fractions. */
  value: ExportValue
  /** Ratio components for this period (also present as their own indicators). */
  numerator?: number | null
  denominator?: number | null
  /** Year to date ("lũy kế"). */
  ytd?: ExportValue
  /** Same period last year ("cùng kỳ năm trước"), through lineage for a unit formed by a reorganization. */
  lastYear?: ExportValue
  /** lastYear (or ytd) came through a split's shares: the cell carries the note "Ước tính theo tỷ lệ". */
  lastYearEstimated?: boolean
  /** value − lastYear; computed by the writer when omitted and both are numbers. */
  change?: number | null
  /** The unit's own target for the year, printed as given (e.g. "≥ 95%") or a number. */
  target?: ExportValue
  /** "Đạt" / "Chưa đạt" or null. */
  status?: string | null
}

export interface ConsolidatedChild {
  code: string
  name: string
  /** By indicator code (non-ratio indicators; ratios are recomputed from their components). */
  values: Record<string, ExportValue>
  /** By ratio indicator code, used only when a component column is absent. */
  numerators?: Record<string, number | null>
  denominators?: Record<string, number | null>
  /**
   * By indicator code, what makes the child's figure where the value alone does not sum: units answering (yes/no,
   * choice, text), yes answers, counts per option, and the weight behind a weighted average.
   */
  counts?: Record<string, ChildCounts>
  /** The unit's own return (its node is own + children): printed first, before the children. */
  own?: boolean
}

export interface ChildCounts {
  reporting: number
  yes?: number
  options?: Record<string, number>
  weight?: number | null
}

export interface CompletenessEntry {
  code: string
  name: string
  status: 'received' | 'late' | 'missing'
  lateDays: number | null
  /** ISO date or timestamp. */
  receivedAt: string | null
}

export interface TextAnswer {
  unitName: string
  /** Tells apart units of the same name; the name is printed. */
  unitCode?: string
  indicatorCode: string
  text: string
}

/** Everything the consolidated workbook prints: plain data, so the writer is pure and testable without a database. */
export interface ConsolidatedReportData {
  unit: { code: string; name: string; sector: string; placeName: string | null; headerSuperior: string | null; headerName: string | null }
  form: ExportForm
  period: { id: string; label: string }
  /** The document reported on (e.g. 72-NQ/TW), when the assignment names one. */
  document: { symbol: string; title: string } | null
  /** Title may hold several lines separated by "\n" ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC"). */
  signer: { title: string; name: string }
  /** "Số 30-BC/ĐU" / "Số: 12/BC-UBND". */
  numberLine: string
  /** Without the leading "- "; the last should be "Lưu …". */
  recipients: string[]
  /** ISO date of the report (date line). */
  date: string
  /** By indicator code. */
  rows: Record<string, ConsolidatedIndicatorRow>
  /** Direct children, in print order (Vietnamese order or by code). */
  children: ConsolidatedChild[]
  completeness: CompletenessEntry[]
  texts: TextAnswer[]
}
