import type { Viewer } from '../src/domain/access/roles.js'
import { reorganizeUnitsAs } from '../src/domain/admin/administration-service.js'
import { DomainError } from '../src/domain/domain-error.js'
import { REORGANIZATION_KINDS, type ReorganizationTarget } from '../src/domain/lineage/reorganization-service.js'
import { lineageOf, type LineageLink } from '../src/domain/lineage/lineage-queries.js'
import { unitByCode, type UnitRow } from '../src/domain/units/unit-service.js'
import { adminUnit } from './account.js'
import { builder } from './builder.js'
import type { GraphQLContext } from './context.js'
import { UnitRef, visibleUnits } from './unit.js'
import { SectorEnum, UnitKindEnum } from './vocabulary-enums.js'

const ReorganizationKindEnum = builder.enumType('ReorganizationKind', {
  description: 'Sắp xếp đơn vị: hợp nhất, chia tách, đổi tên hoặc nâng cấp',
  values: { merge: { value: 'merge', description: 'Hợp nhất: nhiều đơn vị thành một (mới hoặc có sẵn)' }, split: { value: 'split', description: 'Chia tách: một đơn vị thành nhiều, theo tỷ lệ' }, rename: { value: 'rename', description: 'Đổi tên, nâng cấp: một đơn vị thành một' } } as const,
})
void REORGANIZATION_KINDS

const IndicatorShareInput = builder.inputType('IndicatorShareInput', {
  fields: (t) => ({ indicator: t.string({ required: true }), share: t.float({ required: true }) }),
})

const ReorganizationTargetInput = builder.inputType('ReorganizationTargetInput', {
  description: 'Đơn vị kế thừa: có sẵn (chỉ nêu code) hoặc thành lập mới (nêu parent, name, kind, sector)',
  fields: (t) => ({
    code: t.string({ required: true }),
    parent: t.string({ description: 'Có: thành lập đơn vị mới trực thuộc đơn vị này từ ngày hiệu lực' }),
    name: t.string(),
    kind: t.field({ type: UnitKindEnum }),
    sector: t.field({ type: SectorEnum }),
    placeName: t.string(),
    share: t.float({ description: 'Chia tách: tỷ lệ số liệu của đơn vị nguồn chuyển sang đơn vị này (0 < share ≤ 1)' }),
    indicatorShares: t.field({ type: [IndicatorShareInput], description: 'Chia tách: tỷ lệ riêng theo chỉ tiêu khi biểu mẫu có căn cứ (dân số…)' }),
  }),
})

const LineageLinkRef = builder.objectRef<LineageLink>('UnitLineageLink').implement({
  description: 'Một quan hệ kế thừa giữa hai đơn vị từ một ngày',
  fields: (t) => ({
    kind: t.field({ type: ReorganizationKindEnum, resolve: (l) => l.kind }),
    unit: t.field({ type: UnitRef, nullable: true, resolve: async (l, _a, ctx) => (await visibleUnits(ctx, [await ctx.loaders.unit.load(l.otherUnitId)]))[0] ?? null }),
    effectiveOn: t.field({ type: 'Date', resolve: (l) => l.effectiveOn }),
    share: t.float({ resolve: (l) => l.share }),
    indicator: t.string({ nullable: true, resolve: (l) => l.indicator }),
  }),
})

builder.objectField(UnitRef, 'predecessors', (t) =>
  t.field({ type: [LineageLinkRef], description: 'Các đơn vị mà đơn vị này kế thừa (sau sắp xếp)', resolve: (u, _a, ctx) => lineageOf(ctx.db, u.id, 'predecessors') }),
)
builder.objectField(UnitRef, 'successors', (t) =>
  t.field({ type: [LineageLinkRef], description: 'Các đơn vị kế thừa đơn vị này', resolve: (u, _a, ctx) => lineageOf(ctx.db, u.id, 'successors') }),
)

async function targetOf(ctx: GraphQLContext, t: typeof ReorganizationTargetInput.$inferInput): Promise<{ target: ReorganizationTarget; fileUnder: UnitRow }> {
  const shares = { share: t.share ?? null, indicatorShares: t.indicatorShares ?? null }
  if (!t.parent) {
    const existing = await adminUnit(ctx, t.code)
    return { target: { existing, ...shares }, fileUnder: existing }
  }
  const parent = await adminUnit(ctx, t.parent)
  if (!t.name || !t.kind || !t.sector) throw new DomainError('LINEAGE_SHAPE', `Đơn vị mới "${t.code}" cần tên, loại và khối`)
  return { target: { create: { code: t.code, name: t.name, kind: t.kind, sector: t.sector, parent, placeName: t.placeName ?? null }, ...shares }, fileUnder: parent }
}

builder.mutationFields((t) => ({
  reorganizeUnits: t.field({
    type: [UnitRef],
    errors: { types: [DomainError] },
    description:
      'Sắp xếp đơn vị từ một ngày (hợp nhất, chia tách, đổi tên, nâng cấp): thành lập đơn vị mới, giải thể đơn vị nguồn ngày hôm trước và ghi quan hệ kế thừa, trong một giao dịch, có nhật ký. Trả về các đơn vị kế thừa',
    authScopes: { anyGrant: 'administrator' },
    args: {
      kind: t.arg({ type: ReorganizationKindEnum, required: true }),
      sources: t.arg.stringList({ required: true }),
      targets: t.arg({ type: [ReorganizationTargetInput], required: true }),
      effectiveOn: t.arg({ type: 'Date', required: true }),
    },
    resolve: async (_r, args, ctx) => {
      const sources: UnitRow[] = []
      for (const code of args.sources) sources.push(await adminUnit(ctx, code))
      const targets: { target: ReorganizationTarget; fileUnder: UnitRow }[] = []
      for (const target of args.targets) targets.push(await targetOf(ctx, target))
      const result = await reorganizeUnitsAs(ctx.db, { viewer: ctx.access.viewer as Viewer, clientAddress: ctx.clientAddress }, { kind: args.kind, sources, targets: targets.map((x) => x.target), effectiveOn: args.effectiveOn }, (targets[0] ?? { fileUnder: sources[0] as UnitRow }).fileUnder)
      return Promise.all(result.targets.map(async (u) => (await unitByCode(ctx.db, u.code)) as UnitRow))
    },
  }),
}))
