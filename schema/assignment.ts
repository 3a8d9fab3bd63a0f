import { DomainError } from '../src/domain/domain-error.js'
import { assignmentsBinding, assignmentsPage, targetsPage, type AssignmentRow, type TargetRow } from '../src/domain/assignments/assignment-queries.js'
import { formByCode } from '../src/domain/forms/form-queries.js'
import { assignmentDeadline, assignmentDeadlineRule, assignmentUnitKinds, assignmentWindow, assignmentWindowRule } from '../src/domain/assignments/assignment-rules.js'
import { builder } from './builder.js'
import { UnitKindEnum } from './vocabulary-enums.js'
import { connectionFrom, decodeCursor, encodeCursor, isId, pageSize } from './connection-cursor.js'
import { DocumentRef } from './document.js'
import { FormRef } from './form.js'
import { PeriodTypeEnum, periodArg } from './period.js'
import { readableUnitByCode, UnitRef, visibleUnits } from './unit.js'

const AssignmentRef = builder.objectRef<AssignmentRow>('Assignment')
const TargetRef = builder.objectRef<TargetRow>('Target')

AssignmentRef.implement({
  description: 'Phân công báo cáo: đơn vị nào (một đơn vị, hoặc các đơn vị thuộc loại nêu trong cây con) lập biểu nào, kỳ nào, hạn nào',
  fields: (t) => ({
    id: t.exposeInt('id'),
    formCode: t.exposeString('form_code'),
    form: t.field({ type: FormRef, nullable: true, resolve: async (a, _x, ctx) => (await formByCode(ctx.db, a.form_code)) ?? null }),
    unit: t.field({ type: UnitRef, nullable: true, resolve: async (a, _x, ctx) => (await visibleUnits(ctx, [await ctx.loaders.unit.load(a.unit_id)]))[0] ?? null }),
    unitKinds: t.field({ type: [UnitKindEnum], nullable: true, description: 'Loại đơn vị phải báo cáo trong cây con; null: chỉ chính đơn vị', resolve: (a) => assignmentUnitKinds(a) }),
    periodType: t.field({ type: PeriodTypeEnum, resolve: (a) => a.period_type as 'quarter' }),
    deadlineRule: t.field({ type: 'JSON', resolve: (a) => assignmentDeadlineRule(a) }),
    windowRule: t.field({ type: 'JSON', resolve: (a) => assignmentWindowRule(a) }),
    validFrom: t.field({ type: 'Date', nullable: true, resolve: (a) => a.valid_from }),
    validTo: t.field({ type: 'Date', nullable: true, resolve: (a) => a.valid_to }),
    document: t.field({ type: DocumentRef, nullable: true, resolve: (a, _x, ctx) => (a.document_id === null ? null : ctx.loaders.document.load(a.document_id)) }),
    deadline: t.field({
      type: 'Date',
      description: 'Hạn nộp báo cáo của một kỳ',
      args: { period: t.arg.string({ required: true }) },
      resolve: (a, args) => assignmentDeadline(a, periodArg(args.period)),
    }),
    windowStart: t.field({ type: 'Date', args: { period: t.arg.string({ required: true }) }, resolve: (a, args) => assignmentWindow(a, periodArg(args.period)).start }),
    windowEnd: t.field({ type: 'Date', args: { period: t.arg.string({ required: true }) }, resolve: (a, args) => assignmentWindow(a, periodArg(args.period)).end }),
  }),
})

TargetRef.implement({
  description: 'Chỉ tiêu phấn đấu của một đơn vị (của riêng đơn vị, không phải tổng của cấp dưới)',
  fields: (t) => ({
    id: t.exposeInt('id'),
    unit: t.field({ type: UnitRef, nullable: true, resolve: async (r, _x, ctx) => (await visibleUnits(ctx, [await ctx.loaders.unit.load(r.unit_id)]))[0] ?? null }),
    formCode: t.exposeString('form_code'),
    indicatorCode: t.exposeString('indicator_code'),
    year: t.exposeInt('year'),
    comparator: t.exposeString('comparator', { description: '>, >=, <, <=, =' }),
    value: t.exposeFloat('value', { nullable: true }),
    baselineYear: t.exposeInt('baseline_year', { nullable: true }),
    changePercent: t.exposeFloat('change_percent', { nullable: true, description: 'Mức tăng so với năm gốc, ví dụ "tăng thêm 10%"' }),
    note: t.exposeString('note', { nullable: true }),
    document: t.field({ type: DocumentRef, nullable: true, resolve: (r, _x, ctx) => (r.document_id === null ? null : ctx.loaders.document.load(r.document_id)) }),
  }),
})

builder.objectField(UnitRef, 'obligations', (t) =>
  t.field({
    type: [AssignmentRef],
    description: 'Các biểu mẫu đơn vị này phải báo cáo',
    resolve: async (u, _a, ctx) => ((await ctx.access.canRead(u.id)) ? assignmentsBinding(ctx.db, u) : []),
  }),
)

async function scopeFor(ctx: Parameters<typeof readableUnitByCode>[0], unitCode: string | null | undefined) {
  if (!unitCode) return { withinUnitIds: ctx.access.rootIds(), unitId: null }
  const unit = await readableUnitByCode(ctx, unitCode)
  return { withinUnitIds: null, unitId: unit.id }
}

builder.queryFields((t) => ({
  assignments: t.connection({
    type: AssignmentRef,
    description: 'Phân công báo cáo trong phạm vi được xem',
    args: { unit: t.arg.string({ description: 'Chỉ phân công gốc tại đơn vị này' }), form: t.arg.string() },
    resolve: async (_r, args, ctx) => {
      const size = pageSize(args.first)
      const rows = await assignmentsPage(ctx.db, { ...(await scopeFor(ctx, args.unit)), formCode: args.form, afterId: decodeCursor(args.after, isId), limit: size + 1 })
      return connectionFrom(rows, size, (a) => encodeCursor(a.id))
    },
  }),
  targets: t.connection({
    type: TargetRef,
    description: 'Chỉ tiêu phấn đấu trong phạm vi được xem',
    args: { unit: t.arg.string(), form: t.arg.string(), indicator: t.arg.string(), year: t.arg.int() },
    resolve: async (_r, args, ctx) => {
      if (args.year != null && (args.year < 1945 || args.year > 2200)) throw new DomainError('BAD_YEAR', `Năm ${args.year} nằm ngoài khoảng cho phép`)
      const size = pageSize(args.first)
      const rows = await targetsPage(ctx.db, { ...(await scopeFor(ctx, args.unit)), formCode: args.form, indicatorCode: args.indicator, year: args.year, afterId: decodeCursor(args.after, isId), limit: size + 1 })
      return connectionFrom(rows, size, (r) => encodeCursor(r.id))
    },
  }),
}))
