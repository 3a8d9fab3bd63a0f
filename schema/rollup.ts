import type { GraphQLResolveInfo } from 'graphql'
import { figureTextPage, MAX_TEXT_PAGE } from '../src/domain/rollup/rollup-texts.js'
import {
  computeCompleteness, computeRollup, type Completeness, type CompletenessUnit, type IndicatorFigure, type RollupNode, type RollupParts, type RollupText,
} from '../src/domain/rollup/rollup-engine.js'
import { readableRollupHead } from '../src/domain/rollup/rollup-readable-head.js'
import { computeSeries, type SeriesPoint } from '../src/domain/rollup/rollup-series.js'
import { restatedRollup } from '../src/domain/lineage/restated-rollup.js'
import { computeRestatedCompleteness } from '../src/domain/lineage/restated-completeness.js'
import { lineageBaseline } from '../src/domain/lineage/restated-figures.js'
import { DomainError } from '../src/domain/domain-error.js'
import type { PeriodUnit } from '../src/domain/rollup/rollup-engine.js'
import type { Period } from '../src/domain/periods/period-id.js'
import { builder } from './builder.js'
import { UnitAggregationEnum, UnitKindEnum, ValueTypeEnum } from './vocabulary-enums.js'
import type { UnitAggregation, ValueType } from '../src/domain/forms/form-vocabulary.js'
import type { UnitKind } from '../src/domain/units/unit-vocabulary.js'
import { selectedFieldNames } from './field-selection.js'
import type { GraphQLContext } from './context.js'
import { PeriodRef, periodArg } from './period.js'
import { readableUnitByCode } from './unit.js'

const TargetStatusEnum = builder.enumType('RollupTargetStatus', { values: ['MET', 'NOT_MET', 'NO_DATA'] as const })
const RankingOrderEnum = builder.enumType('RankingOrder', { values: ['ASC', 'DESC'] as const })
const RollupViewEnum = builder.enumType('RollupView', {
  description: 'Xem một kỳ đã qua: theo cây tổ chức của kỳ đó (như đã báo cáo) hoặc quy đổi về cây hiện nay qua quan hệ kế thừa',
  values: { AS_REPORTED: { description: 'Như đã báo cáo (cây tổ chức của kỳ)' }, RESTATED: { description: 'Quy đổi về cây tổ chức hiện nay (hợp nhất: cộng; chia tách: ước tính theo tỷ lệ)' } } as const,
})

export const RollupUnitRef = builder.objectRef<PeriodUnit>('RollupUnit').implement({
  description: 'Đơn vị như trong kỳ báo cáo (cấp trên là cấp trên trong kỳ)',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    kind: t.field({ type: UnitKindEnum, resolve: (u) => u.kind as UnitKind }),
  }),
})

const OptionCountRef = builder.objectRef<{ option: string; count: number }>('RollupOptionCount').implement({
  fields: (t) => ({ option: t.exposeString('option'), count: t.exposeInt('count') }),
})

const TextRef = builder.objectRef<RollupText>('RollupText').implement({
  description: 'Một ý kiến bằng chữ của một đơn vị',
  fields: (t) => ({
    unitCode: t.exposeString('unitCode'),
    unitName: t.exposeString('unitName'),
    text: t.exposeString('text'),
    periodId: t.exposeString('periodId'),
  }),
})

const TargetRef = builder.objectRef<{ comparator: string; value: number; year: number }>('RollupTarget').implement({
  fields: (t) => ({ comparator: t.exposeString('comparator'), value: t.exposeFloat('value'), year: t.exposeInt('year') }),
})

/**
 * A figure as a query reads it, beside its node's expected-units reader: a wrapper, not a copy, since a ward's
 * dashboard reads every indicator of every node it shows (copying each figure was the largest cost of our own
 * code on a rollup request).
 */
interface FigureView {
  figure: IndicatorFigure
  expected: () => Promise<number>
}

const FigureRef = builder.objectRef<FigureView>('RollupIndicator').implement({
  description: 'Số liệu tổng hợp của một chỉ tiêu',
  fields: (t) => ({
    code: t.string({ resolve: (x) => x.figure.code }),
    label: t.string({ resolve: (x) => x.figure.label }),
    valueType: t.field({ type: ValueTypeEnum, resolve: (x) => x.figure.valueType as ValueType }),
    aggregation: t.field({ type: UnitAggregationEnum, resolve: (x) => x.figure.unitAgg as UnitAggregation }),
    value: t.float({ nullable: true, description: 'Tổng; tỷ lệ (%) tính lại từ tử số/mẫu số; bình quân gia quyền; số đơn vị trả lời "có"', resolve: (x) => x.figure.value }),
    numerator: t.float({ nullable: true, resolve: (x) => x.figure.numerator }),
    denominator: t.float({ nullable: true, description: 'Mẫu số; với có/không: số đơn vị trả lời (n của "k/n")', resolve: (x) => x.figure.denominator }),
    reportingUnits: t.int({ resolve: (x) => x.figure.reportingUnits }),
    expectedUnits: t.int({ resolve: (x) => x.expected() }),
    options: t.field({ type: [OptionCountRef], resolve: (x) => x.figure.options }),
    texts: t.field({
      type: [TextRef],
      description: `Các ý kiến bằng chữ theo thứ tự đơn vị, từng trang (nhiều nhất ${MAX_TEXT_PAGE} một lần); \`search\` lọc theo nội dung hoặc tên đơn vị, không phân biệt dấu`,
      args: { first: t.arg.int({ defaultValue: 100 }), offset: t.arg.int({ defaultValue: 0 }), search: t.arg.string({ required: false }) },
      resolve: async (x, a) => (await figureTextPage(x.figure, { first: a.first ?? 100, offset: a.offset ?? 0, search: a.search ?? null })).texts,
    }),
    textCount: t.int({
      description: 'Số ý kiến bằng chữ (khớp với `search` nếu có)',
      args: { search: t.arg.string({ required: false }) },
      resolve: async (x, a) => (await figureTextPage(x.figure, { first: 0, offset: 0, search: a.search ?? null })).total,
    }),
    discrepancy: t.float({ nullable: true, description: 'Báo cáo tổng hợp − (báo cáo riêng + đơn vị trực thuộc)', resolve: (x) => x.figure.discrepancy }),
    target: t.field({ type: TargetRef, nullable: true, resolve: (x) => x.figure.target }),
    status: t.field({ type: TargetStatusEnum, resolve: (x) => x.figure.status }),
  }),
})

interface NodeView {
  node: RollupNode
  /** restated through a split's shares */
  estimated?: boolean
  /** Completeness is computed only when a query asks for expected units: most rollup reads do not. */
  expected: () => Promise<number>
}

const RollupNodeRef = builder.objectRef<NodeView>('RollupNode')
RollupNodeRef.implement({
  description: 'Số liệu tổng hợp của một đơn vị cho một biểu mẫu và một kỳ',
  fields: (t) => ({
    unit: t.field({ type: RollupUnitRef, resolve: (v) => v.node.unit }),
    reportingUnits: t.int({ resolve: (v) => v.node.reportingUnits }),
    expectedUnits: t.int({ resolve: (v) => v.expected() }),
    hasConsolidatedReturn: t.boolean({ resolve: (v) => v.node.hasConsolidated }),
    estimated: t.boolean({ description: 'Số liệu quy đổi qua chia tách: "ước tính theo tỷ lệ"', resolve: (v) => v.estimated === true }),
    childrenMeetingTargets: t.int({ description: 'Số đơn vị trực thuộc đạt mọi chỉ tiêu có mục tiêu', resolve: (v) => v.node.children.filter((c) => c.indicators.some((f) => f.target) && c.indicators.every((f) => !f.target || f.status === 'MET')).length }),
    childrenWithTargets: t.int({ resolve: (v) => v.node.children.filter((c) => c.indicators.some((f) => f.target)).length }),
    indicators: t.field({
      type: [FigureRef],
      args: { codes: t.arg.stringList({ required: false }) },
      resolve: (v, args) => v.node.indicators.filter((f) => !args.codes || args.codes.includes(f.code)).map((figure) => ({ figure, expected: v.expected })),
    }),
  }),
})

interface RollupView extends NodeView {
  period: Period
  children: NodeView[]
}

const RollupRef = builder.objectRef<RollupView>('Rollup').implement({
  description: 'Tổng hợp báo cáo của một đơn vị, kèm các đơn vị trực thuộc (một cấp)',
  fields: (t) => ({
    period: t.field({ type: PeriodRef, resolve: (v) => v.period }),
    unit: t.field({ type: RollupUnitRef, resolve: (v) => v.node.unit }),
    summary: t.field({ type: RollupNodeRef, resolve: (v) => v }),
    children: t.field({ type: [RollupNodeRef], resolve: (v) => v.children }),
  }),
})

const CompletenessUnitRef = builder.objectRef<CompletenessUnit>('CompletenessUnit')
CompletenessUnitRef.implement({
  fields: (t) => ({
    unit: t.field({ type: RollupUnitRef, resolve: (u) => u.unit }),
    lateDays: t.exposeInt('lateDays', { nullable: true, description: 'RESTATED: số ngày trễ lớn nhất của các đơn vị tiền thân' }),
    submittedAt: t.exposeString('submittedAt', { nullable: true, description: 'RESTATED: lần gửi muộn nhất của các đơn vị tiền thân' }),
    predecessors: t.field({
      type: [CompletenessUnitRef],
      description: 'RESTATED: các đơn vị của kỳ đó mà đơn vị hiện nay kế thừa (kể cả chính nó nếu đã có khi đó) và phải gửi báo cáo kỳ đó, mỗi đơn vị với tình hình gửi của mình; AS_REPORTED: rỗng',
      resolve: (u) => u.predecessors ?? [],
    }),
  }),
})

const CompletenessRef = builder.objectRef<Completeness>('Completeness')
CompletenessRef.implement({
  description: 'Tình hình gửi báo cáo: phải gửi, đã nhận, đúng hạn, trễ hạn, còn thiếu',
  fields: (t) => ({
    unit: t.field({ type: RollupUnitRef, resolve: (c) => c.unit }),
    expected: t.exposeInt('expected'),
    received: t.exposeInt('received'),
    onTime: t.exposeInt('onTime'),
    late: t.exposeInt('late'),
    missing: t.exposeInt('missing'),
    missingUnits: t.field({ type: [CompletenessUnitRef], args: { first: t.arg.int({ defaultValue: 100 }) }, resolve: (c, a) => c.missingUnits.slice(0, Math.max(0, Math.min(a.first ?? 100, 1000))) }),
    lateUnits: t.field({ type: [CompletenessUnitRef], args: { first: t.arg.int({ defaultValue: 100 }) }, resolve: (c, a) => c.lateUnits.slice(0, Math.max(0, Math.min(a.first ?? 100, 1000))) }),
    receivedUnits: t.field({ type: [CompletenessUnitRef], description: 'Đơn vị đã gửi (đúng hạn hoặc trễ hạn)', args: { first: t.arg.int({ defaultValue: 100 }) }, resolve: (c, a) => c.receivedUnits.slice(0, Math.max(0, Math.min(a.first ?? 100, 1000))) }),
    children: t.field({ type: [CompletenessRef], resolve: (c) => c.children }),
  }),
})

const SeriesPointRef = builder.objectRef<SeriesPoint>('RollupSeriesPoint').implement({
  fields: (t) => ({
    period: t.field({ type: PeriodRef, resolve: (p) => p.period }),
    value: t.exposeFloat('value', { nullable: true }),
    numerator: t.exposeFloat('numerator', { nullable: true }),
    denominator: t.exposeFloat('denominator', { nullable: true }),
    yearToDate: t.exposeFloat('yearToDate', { nullable: true, description: 'Lũy kế từ đầu năm' }),
    samePeriodLastYear: t.exposeFloat('samePeriodLastYear', { nullable: true, description: 'Cùng kỳ năm trước' }),
    change: t.exposeFloat('change', { nullable: true, description: 'So với cùng kỳ: % với số lượng, điểm % với tỷ lệ' }),
    changeUnit: t.exposeString('changeUnit', { nullable: true, description: 'percent hoặc points' }),
    estimated: t.exposeBoolean('estimated', { description: 'Số liệu kỳ này quy đổi qua chia tách: ước tính theo tỷ lệ' }),
    comparisonEstimated: t.exposeBoolean('comparisonEstimated', { description: 'Lũy kế hoặc cùng kỳ năm trước quy đổi qua chia tách: ước tính theo tỷ lệ' }),
  }),
})

/** The parts of a rollup that a query reads (a ward's dashboard asks for figures far more often than for lists); texts a page at a time. */
function partsRead(info: GraphQLResolveInfo, ranking: boolean): RollupParts {
  const f = selectedFieldNames(info)
  const targets = f.has('target') || f.has('status') || f.has('childrenMeetingTargets') || f.has('childrenWithTargets')
  return { children: ranking || f.has('children') || f.has('childrenMeetingTargets') || f.has('childrenWithTargets'), texts: false, textPages: f.has('texts') || f.has('textCount'), targets }
}

async function rollupView(ctx: GraphQLContext, unitCode: string, form: string, periodId: string, parts: RollupParts, view: 'AS_REPORTED' | 'RESTATED' = 'AS_REPORTED'): Promise<RollupView> {
  if (view === 'AS_REPORTED') return asReportedView(ctx, unitCode, form, periodId, parts)
  const unit = await readableUnitByCode(ctx, unitCode)
  const period = periodArg(periodId)
  const r = await restatedRollup(ctx.db, form, unit.id, period, ctx.services.rollup)
  let restated: Promise<Map<number, number>> | null = null
  const restatedExpected = (unitId: number) => async () => {
    restated ??= computeRestatedCompleteness(ctx.db, form, unit.id, period, ctx.services.rollup).then(
      (c) => new Map<number, number>([[c.unit.id, c.expected], ...c.children.map((k) => [k.unit.id, k.expected] as [number, number])]),
    )
    return (await restated).get(unitId) ?? 0
  }
  return { period, node: r.root, estimated: r.root.estimated, expected: restatedExpected(r.root.unit.id), children: r.children.map((n) => ({ node: n, estimated: n.estimated, expected: restatedExpected(n.unit.id) })) }
}

/** The unit, its access check and its stored head in one statement, then the parts asked for. */
async function asReportedView(ctx: GraphQLContext, unitCode: string, form: string, periodId: string, parts: RollupParts): Promise<RollupView> {
  // the head is read under the id as sent; an id the parser writes differently reads its head again
  const head = await readableRollupHead(ctx.db, ctx.access, unitCode, form, periodId.trim())
  const unit = head.unit
  const period = periodArg(periodId)
  const options = { ...parts, head: period.id === periodId.trim() ? head : undefined, baseline: lineageBaseline(ctx.db, form, ctx.services.rollup) }
  const r = await computeRollup(ctx.db, form, unit.id, period, options, ctx.services.rollup)
  let completeness: Promise<Map<number, number>> | null = null
  const expectedOf = (unitId: number) => async () => {
    completeness ??= computeCompleteness(ctx.db, form, unit.id, period, ctx.services.rollup).then(
      (c) => new Map<number, number>([[c.unit.id, c.expected], ...c.children.map((k) => [k.unit.id, k.expected] as [number, number])]),
    )
    return (await completeness).get(unitId) ?? 0
  }
  return { period, node: r.root, expected: expectedOf(r.root.unit.id), children: r.root.children.map((n) => ({ node: n, expected: expectedOf(n.unit.id) })) }
}

builder.queryFields((t) => ({
  rollup: t.field({
    type: RollupRef,
    errors: { types: [DomainError] },
    description: 'Tổng hợp số liệu một biểu mẫu, một kỳ, cho một đơn vị trong phạm vi được xem',
    args: {
      unit: t.arg.string({ required: true }), form: t.arg.string({ required: true }), period: t.arg.string({ required: true }),
      view: t.arg({ type: RollupViewEnum, defaultValue: 'AS_REPORTED', description: 'RESTATED: quy đổi về cây hiện nay (đơn vị trực thuộc hiện nay; không xét chỉ tiêu; số đơn vị phải gửi như completeness(view: RESTATED))' }),
    },
    resolve: (_r, a, ctx, info) => rollupView(ctx, a.unit, a.form, a.period, partsRead(info, false), a.view ?? 'AS_REPORTED'),
  }),
  ranking: t.field({
    type: [RollupNodeRef],
    errors: { types: [DomainError] },
    description: 'Xếp hạng các đơn vị trực thuộc theo một chỉ tiêu (đơn vị chưa có số liệu xếp cuối)',
    args: {
      unit: t.arg.string({ required: true }), form: t.arg.string({ required: true }), period: t.arg.string({ required: true }),
      indicator: t.arg.string({ required: true }), order: t.arg({ type: RankingOrderEnum, defaultValue: 'DESC' }),
    },
    resolve: async (_r, a, ctx, info) => {
      const v = await rollupView(ctx, a.unit, a.form, a.period, partsRead(info, true))
      if (!v.node.indicators.some((f) => f.code === a.indicator)) throw new DomainError('INDICATOR_NOT_FOUND', `Biểu mẫu không có chỉ tiêu "${a.indicator}"`)
      const val = (n: NodeView) => n.node.indicators.find((f) => f.code === a.indicator)?.value ?? null
      const sign = a.order === 'ASC' ? 1 : -1
      return [...v.children].sort((x, y) => {
        const p = val(x)
        const q = val(y)
        if (p === null || q === null) return p === null ? (q === null ? 0 : 1) : -1
        return sign * (p - q)
      })
    },
  }),
  completeness: t.field({
    type: CompletenessRef,
    errors: { types: [DomainError] },
    description: 'Tình hình gửi báo cáo của đơn vị và các đơn vị trực thuộc. AS_REPORTED (mặc định): các đơn vị có trong kỳ đó, trên cây tổ chức của kỳ. '
      + 'RESTATED: trên cây hiện nay (đơn vị và các đơn vị trực thuộc hiện nay); một đơn vị hiện nay phải gửi khi hiện nay phải gửi và có đơn vị tiền thân '
      + '(chính nó nếu đã có, hoặc đơn vị hợp nhất, chia tách vào nó qua quan hệ kế thừa) phải gửi kỳ đó; đã gửi khi mọi đơn vị tiền thân phải gửi đều đã gửi, '
      + 'trễ hạn theo số ngày trễ lớn nhất của chúng; còn thiếu khi có một đơn vị tiền thân chưa gửi',
    args: {
      unit: t.arg.string({ required: true }), form: t.arg.string({ required: true }), period: t.arg.string({ required: true }),
      view: t.arg({ type: RollupViewEnum, defaultValue: 'AS_REPORTED', description: 'RESTATED: quy đổi về cây hiện nay qua các đơn vị tiền thân' }),
    },
    resolve: async (_r, a, ctx) => {
      const unit = await readableUnitByCode(ctx, a.unit)
      const period = periodArg(a.period)
      if (a.view === 'RESTATED') return computeRestatedCompleteness(ctx.db, a.form, unit.id, period, ctx.services.rollup)
      return computeCompleteness(ctx.db, a.form, unit.id, period, ctx.services.rollup)
    },
  }),
  series: t.field({
    type: [SeriesPointRef],
    errors: { types: [DomainError] },
    description: 'Diễn biến một chỉ tiêu qua các kỳ, kèm lũy kế và cùng kỳ năm trước',
    args: {
      unit: t.arg.string({ required: true }), form: t.arg.string({ required: true }), indicator: t.arg.string({ required: true }), periods: t.arg.stringList({ required: true }),
      view: t.arg({ type: RollupViewEnum, defaultValue: 'AS_REPORTED', description: 'Số liệu kỳ này: như đã báo cáo hoặc quy đổi; lũy kế và cùng kỳ năm trước luôn qua quan hệ kế thừa' }),
    },
    resolve: async (_r, a, ctx) => {
      const unit = await readableUnitByCode(ctx, a.unit)
      if (a.periods.length > 24) throw new DomainError('TOO_MANY_PERIODS', 'Tối đa 24 kỳ mỗi truy vấn')
      const periods = a.periods.map(periodArg)
      return computeSeries(ctx.db, a.form, unit.id, a.indicator, periods, ctx.services.rollup, a.view ?? 'AS_REPORTED')
    },
  }),
}))
