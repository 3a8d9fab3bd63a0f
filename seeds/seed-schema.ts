import { z } from 'zod'
import { isValidIsoDate } from './seed-dates.js'
import { COMPARATORS } from '../src/domain/assignments/target-comparators.js'
import { SEVERITIES, TIME_AGGREGATIONS, UNIT_AGGREGATIONS, VALUE_TYPES } from '../src/domain/forms/form-vocabulary.js'
import { PERIOD_TYPES } from '../src/domain/periods/period-id.js'
import { SECTORS, UNIT_KINDS } from '../src/domain/units/unit-vocabulary.js'

// Codes are identifiers typed by administrators and matched exactly, so no diacritics or spaces.
const unitCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/, 'Mã đơn vị chỉ gồm chữ cái Latinh không dấu, chữ số và dấu . _ -')
const formCode = z.string().trim().regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/, 'Mã biểu mẫu dạng "BC-QT" (chữ hoa, chữ số, dấu -)')
const indicatorCode = z.string().trim().regex(/^[A-Z][A-Z0-9_]*$/, 'Mã chỉ tiêu dạng "QT01" (chữ hoa, chữ số)')

// Vietnamese text arrives NFC or NFD; everything downstream compares NFC.
const text = z
  .string()
  .trim()
  .min(1, 'Không được để trống')
  .transform((s) => s.normalize('NFC'))
const upperText = text.refine((s) => s === s.toLocaleUpperCase('vi'), 'Dòng tiêu đề văn bản phải viết hoa')
// Keys are referenced by other files; keep them NFC like names so "ĐU" matches either way it was typed.
const documentKey = text.refine((s) => !/\s/.test(s), 'Khóa văn bản không được chứa khoảng trắng')

const isoDate = z
  .string()
  // abort: a malformed date is one mistake, not also an impossible one.
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Ngày phải có dạng YYYY-MM-DD', abort: true })
  .refine(isValidIsoDate, 'Ngày không tồn tại trong lịch')
const yearMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM')
const year = z.number().int().min(1945).max(2100)

export const UnitHistoryEntrySchema = z.strictObject({
  parent: unitCode.nullable(),
  from: isoDate.nullable(),
  to: isoDate,
})
export type UnitHistoryEntry = z.infer<typeof UnitHistoryEntrySchema>

export const UnitSeedSchema = z.strictObject({
  code: unitCode,
  name: text,
  kind: z.enum(UNIT_KINDS),
  parent: unitCode.nullable(),
  sector: z.enum(SECTORS),
  openedOn: isoDate.optional(),
  closedOn: isoDate.optional(),
  placeName: text.optional(),
  /** Superior-body line of the official header, e.g. "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI". */
  headerSuperior: upperText.optional(),
  /** Issuing-body line of the header, e.g. "BAN XÂY DỰNG ĐẢNG"; the name in capitals is not always it. */
  headerName: upperText.optional(),
  example: z.literal(true).optional(),
  /** Earlier parents, oldest first; the current parent holds from the last `to` + 1 day. */
  history: z.array(UnitHistoryEntrySchema).min(1).optional(),
})
export type UnitSeed = z.infer<typeof UnitSeedSchema>

export const DocumentSeedSchema = z.strictObject({
  /** Unique; what `implements`, assignments and targets refer to. The symbol when it has a number. */
  key: documentKey,
  /** Number/symbol as printed, e.g. "72-NQ/TW"; drafts keep the blank number: "-KH/ĐU". */
  symbol: text,
  title: text,
  issuedOn: isoDate.nullable(),
  /** For drafts dated only to the month ("ngày   tháng 02 năm 2026"). */
  issuedMonth: yearMonth.optional(),
  issuer: unitCode,
  kind: text,
  implements: z.array(documentKey),
  /** Documents referred to without being implemented, kept so the references are not lost. */
  cites: z.array(documentKey).optional(),
  sourceFile: text.optional(),
})
export type DocumentSeed = z.infer<typeof DocumentSeedSchema>

export const IndicatorSeedSchema = z.strictObject({
  code: indicatorCode,
  label: text,
  /** Đơn vị tính; null for text and choice answers. */
  unit: text.nullable(),
  type: z.enum(VALUE_TYPES),
  unitAgg: z.enum(UNIT_AGGREGATIONS),
  timeAgg: z.enum(TIME_AGGREGATIONS),
  numerator: indicatorCode.optional(),
  denominator: indicatorCode.optional(),
  weight: indicatorCode.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  choices: z.array(text).optional(),
  decimals: z.number().int().min(0).max(6).optional(),
})
export type IndicatorSeed = z.infer<typeof IndicatorSeedSchema>

export const SectionSeedSchema = z.strictObject({
  code: z.string().trim().min(1),
  title: text,
  indicators: z.array(IndicatorSeedSchema).min(1),
})
export type SectionSeed = z.infer<typeof SectionSeedSchema>

export const RuleSeedSchema = z.strictObject({
  left: indicatorCode,
  op: z.enum(COMPARATORS),
  right: indicatorCode,
  severity: z.enum(SEVERITIES).default('error'),
})
export type RuleSeed = z.infer<typeof RuleSeedSchema>

export const FormSeedSchema = z.strictObject({
  code: formCode,
  version: z.number().int().min(1),
  title: text,
  periodTypes: z.array(z.enum(PERIOD_TYPES)).min(1),
  /** The return must name the document it reports on (BC-QT: "on 72-NQ/TW"). */
  documentRequired: z.boolean(),
  sections: z.array(SectionSeedSchema).min(1),
  rules: z.array(RuleSeedSchema),
})
export type FormSeed = z.infer<typeof FormSeedSchema>

// Shapes match src/domain/periods/deadline-rule.ts and period-window.ts, which parse them again.
export const DeadlineSeedSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('day_of_last_month'), day: z.number().int().min(1).max(31) }),
  z.strictObject({ kind: z.literal('days_after_end'), days: z.number().int().min(0).max(366), workingDays: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('fixed'), date: isoDate }),
])
export type DeadlineSeed = z.infer<typeof DeadlineSeedSchema>

export const WindowSeedSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('calendar') }),
  z.strictObject({ kind: z.literal('offset'), startDay: z.number().int().min(1).max(31), endDay: z.number().int().min(1).max(31) }),
])
export type WindowSeed = z.infer<typeof WindowSeedSchema>

export const AssignmentSeedSchema = z.strictObject({
  form: formCode,
  /** Root of the subtree the assignment covers. */
  unit: unitCode,
  /** Kinds within the subtree (the root included) that must file; null = the root unit only. */
  unitKinds: z.array(z.enum(UNIT_KINDS)).min(1).nullable(),
  periodType: z.enum(PERIOD_TYPES),
  deadline: DeadlineSeedSchema,
  window: WindowSeedSchema,
  validFrom: isoDate.optional(),
  validTo: isoDate.optional(),
  document: documentKey.optional(),
})
export type AssignmentSeed = z.infer<typeof AssignmentSeedSchema>

export const TargetSeedSchema = z.strictObject({
  unit: unitCode,
  form: formCode,
  indicator: indicatorCode,
  year,
  comparator: z.enum(COMPARATORS),
  value: z.number().optional(),
  /** With changePercent: the year whose value the change is measured from. */
  baselineYear: year.optional(),
  /** "tăng thêm 10%": relative change over the baseline year's value, in percent. */
  changePercent: z.number().optional(),
  note: text,
  document: documentKey,
})
export type TargetSeed = z.infer<typeof TargetSeedSchema>

export const UnitFileSchema = z.array(UnitSeedSchema)
export const DocumentFileSchema = z.array(DocumentSeedSchema)
export const AssignmentFileSchema = z.array(AssignmentSeedSchema)
export const TargetFileSchema = z.array(TargetSeedSchema)

export interface SeedBundle {
  units: UnitSeed[]
  documents: DocumentSeed[]
  forms: FormSeed[]
  assignments: AssignmentSeed[]
  targets: TargetSeed[]
}
