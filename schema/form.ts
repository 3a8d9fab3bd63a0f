import { DomainError } from '../src/domain/domain-error.js'
import { formByCode, formsPage, type FormRow, type FormRuleRow, type FormSectionRow, type IndicatorRow } from '../src/domain/forms/form-queries.js'
import { builder } from './builder.js'
import { SeverityEnum, TimeAggregationEnum, UnitAggregationEnum, ValueTypeEnum } from './vocabulary-enums.js'
import { connectionFrom, decodeCursor, encodeCursor, isId, pageSize } from './connection-cursor.js'

export const FormRef = builder.objectRef<FormRow>('Form')
export const IndicatorRef = builder.objectRef<IndicatorRow>('Indicator')
const SectionRef = builder.objectRef<FormSectionRow>('FormSection')
const RuleRef = builder.objectRef<FormRuleRow>('FormRule')

function parseList(json: string | null): string[] {
  if (!json) return []
  const v: unknown = JSON.parse(json)
  return Array.isArray(v) ? v.map(String) : []
}

IndicatorRef.implement({
  description: 'Chỉ tiêu của biểu mẫu',
  fields: (t) => ({
    code: t.exposeString('code'),
    label: t.exposeString('label'),
    unitOfMeasure: t.exposeString('unit_of_measure', { nullable: true, description: 'Đơn vị tính' }),
    valueType: t.expose('value_type', { type: ValueTypeEnum }),
    unitAggregation: t.expose('unit_agg', { type: UnitAggregationEnum, description: 'Cách tổng hợp qua các đơn vị' }),
    timeAggregation: t.expose('time_agg', { type: TimeAggregationEnum, description: 'Cách tổng hợp qua các kỳ: sum (chỉ tiêu dòng), last (chỉ tiêu thời điểm)' }),
    numerator: t.exposeString('numerator_code', { nullable: true }),
    denominator: t.exposeString('denominator_code', { nullable: true }),
    weight: t.exposeString('weight_code', { nullable: true }),
    min: t.exposeFloat('min_value', { nullable: true }),
    max: t.exposeFloat('max_value', { nullable: true }),
    choices: t.stringList({ resolve: (i) => parseList(i.choices) }),
    decimals: t.exposeInt('decimals', { nullable: true }),
  }),
})

SectionRef.implement({
  description: 'Phần (I, II, III…) của biểu mẫu',
  fields: (t) => ({
    code: t.exposeString('code'),
    title: t.exposeString('title'),
    indicators: t.field({
      type: [IndicatorRef],
      resolve: async (s, _a, ctx) => (await ctx.loaders.indicators.load(s.form_id)).filter((i) => i.section_id === s.id),
    }),
  }),
})

RuleRef.implement({
  description: 'Quy tắc kiểm tra giữa hai chỉ tiêu, ví dụ QT03 <= QT04',
  fields: (t) => ({
    left: t.exposeString('left_code'),
    op: t.exposeString('op'),
    right: t.exposeString('right_code'),
    severity: t.expose('severity', { type: SeverityEnum }),
  }),
})

FormRef.implement({
  description: 'Biểu mẫu báo cáo (có phiên bản)',
  fields: (t) => ({
    code: t.exposeString('code'),
    version: t.exposeInt('version'),
    title: t.exposeString('title'),
    periodTypes: t.stringList({ resolve: (f) => parseList(f.period_types) }),
    documentRequired: t.boolean({ description: 'Báo cáo phải nêu văn bản được báo cáo (ví dụ 72-NQ/TW)', resolve: (f) => f.document_required === 1 }),
    sections: t.field({ type: [SectionRef], resolve: (f, _a, ctx) => ctx.loaders.sections.load(f.id) }),
    indicators: t.field({ type: [IndicatorRef], resolve: (f, _a, ctx) => ctx.loaders.indicators.load(f.id) }),
    rules: t.field({ type: [RuleRef], resolve: (f, _a, ctx) => ctx.loaders.rules.load(f.id) }),
  }),
})

builder.queryFields((t) => ({
  form: t.field({
    type: FormRef,
    nullable: true,
    description: 'Biểu mẫu theo mã; phiên bản mới nhất nếu không nêu phiên bản',
    args: { code: t.arg.string({ required: true }), version: t.arg.int() },
    resolve: async (_r, args, ctx) => {
      if (args.version != null && args.version < 1) throw new DomainError('BAD_FORM_VERSION', 'Phiên bản biểu mẫu phải từ 1')
      return (await formByCode(ctx.db, args.code, args.version)) ?? null
    },
  }),
  forms: t.connection({
    type: FormRef,
    resolve: async (_r, args, ctx) => {
      const size = pageSize(args.first)
      const rows = await formsPage(ctx.db, { afterId: decodeCursor(args.after, isId), limit: size + 1 })
      return connectionFrom(rows, size, (f) => encodeCursor(f.id))
    },
  }),
}))
