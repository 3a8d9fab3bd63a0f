import { DomainError } from '../src/domain/domain-error.js'
import { resolveArrayConnection } from '@pothos/plugin-relay'
import type { UnitRow } from '../src/domain/units/unit-service.js'
import { findUnits, parentOn, unitByCode } from '../src/domain/units/unit-service.js'
import { builder } from './builder.js'
import { SectorEnum, UnitKindEnum } from './vocabulary-enums.js'
import { connectionFrom, decodeCursor, encodeCursor, pageSize } from './connection-cursor.js'
import type { GraphQLContext } from './context.js'

export const UnitRef = builder.objectRef<UnitRow>('Unit')

/** Keeps only units the viewer may see, in the order given. */
export async function visibleUnits(ctx: GraphQLContext, units: readonly (UnitRow | null | undefined)[]): Promise<UnitRow[]> {
  const checks = await Promise.all(units.map((u) => (u ? ctx.access.canSee(u.id) : false)))
  return units.filter((u, i): u is UnitRow => !!u && checks[i] === true)
}

/** A unit by code, or null when it does not exist or lies outside the viewer's scope: the two look the same. */
export async function visibleUnitByCode(ctx: GraphQLContext, code: string): Promise<UnitRow | null> {
  const unit = await unitByCode(ctx.db, code)
  return unit && (await ctx.access.canSee(unit.id)) ? unit : null
}

/** A unit the viewer may read (not only see), or a NOT_FOUND error that says nothing about units outside the scope. */
export async function readableUnitByCode(ctx: GraphQLContext, code: string): Promise<UnitRow> {
  const unit = await unitByCode(ctx.db, code)
  if (!unit || !(await ctx.access.canRead(unit.id))) {
    throw new DomainError('UNIT_NOT_FOUND', `Không tìm thấy đơn vị có mã "${code}"`)
  }
  return unit
}

const UnitParentPeriod = builder.objectRef<{ parent_id: number | null; valid_from: string | null; valid_to: string | null }>('UnitParentPeriod').implement({
  description: 'Một giai đoạn đơn vị trực thuộc một đơn vị cấp trên',
  fields: (t) => ({
    parent: t.field({
      type: UnitRef,
      nullable: true,
      resolve: async (h, _a, ctx) => (h.parent_id === null ? null : ((await visibleUnits(ctx, [await ctx.loaders.unit.load(h.parent_id)]))[0] ?? null)),
    }),
    validFrom: t.field({ type: 'Date', nullable: true, resolve: (h) => h.valid_from }),
    validTo: t.field({ type: 'Date', nullable: true, resolve: (h) => h.valid_to }),
  }),
})

builder.node(UnitRef, {
  description: 'Đơn vị trong hệ thống tổ chức (cấp ủy, cơ quan, tổ chức, chi bộ, tổ dân phố…)',
  id: { resolve: (u) => u.id },
  // Type-level check: whatever field returns a unit, a unit outside the scope never leaves the server.
  authScopes: async (u, ctx) => ctx.access.canSee(u.id),
  loadMany: async (ids, ctx) => {
    const rows = await ctx.loaders.unit.loadMany(ids.map(Number))
    const visible = new Set((await visibleUnits(ctx, rows.map((r) => (r instanceof Error ? null : r)))).map((u) => u.id))
    return rows.map((r) => (r instanceof Error || !r || !visible.has(r.id) ? null : r))
  },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Mã đơn vị (ổn định)' }),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: UnitKindEnum }),
    sector: t.expose('sector', { type: SectorEnum }),
    depth: t.exposeInt('depth'),
    openedOn: t.field({ type: 'Date', nullable: true, resolve: (u) => u.opened_on }),
    closedOn: t.field({ type: 'Date', nullable: true, resolve: (u) => u.closed_on }),
    placeName: t.exposeString('place_name', { nullable: true }),
    isExample: t.boolean({ description: 'Đơn vị minh họa (không có trong văn bản nguồn)', resolve: (u) => u.is_example === 1 }),
    parent: t.field({
      type: UnitRef,
      nullable: true,
      resolve: async (u, _a, ctx) => (u.parent_id === null ? null : ((await visibleUnits(ctx, [await ctx.loaders.unit.load(u.parent_id)]))[0] ?? null)),
    }),
    ancestors: t.field({
      type: [UnitRef],
      description: 'Các cấp trên, từ cấp cao nhất xuống cấp trên trực tiếp',
      resolve: async (u, _a, ctx) => visibleUnits(ctx, await ctx.loaders.ancestors.load(u.id)),
    }),
    children: t.connection({
      type: UnitRef,
      description: 'Đơn vị trực thuộc, theo thứ tự tiếng Việt',
      args: { includeClosed: t.arg.boolean({ defaultValue: false }) },
      resolve: async (u, args, ctx) => {
        const all = await ctx.loaders.children.load(u.id)
        const open = args.includeClosed ? all : all.filter((c) => c.closed_on === null)
        return resolveArrayConnection({ args }, await visibleUnits(ctx, open))
      },
    }),
    subtreeSize: t.int({
      nullable: true,
      description: 'Số đơn vị trong cây con (kể cả đơn vị này); null nếu ngoài phạm vi được xem',
      resolve: async (u, _a, ctx) => ((await ctx.access.canRead(u.id)) ? ctx.loaders.subtreeSize.load(u.id) : null),
    }),
    parentHistory: t.field({
      type: [UnitParentPeriod],
      description: 'Lịch sử trực thuộc (đơn vị được chuyển, sáp nhập)',
      resolve: (u, _a, ctx) => ctx.loaders.parentHistory.load(u.id),
    }),
    parentOn: t.field({
      type: UnitRef,
      nullable: true,
      description: 'Đơn vị cấp trên vào một ngày',
      args: { date: t.arg({ type: 'Date', required: true }) },
      resolve: async (u, args, ctx) => {
        const parentId = parentOn(await ctx.loaders.parentHistory.load(u.id), args.date)
        return parentId == null ? null : ((await visibleUnits(ctx, [await ctx.loaders.unit.load(parentId)]))[0] ?? null)
      },
    }),
  }),
})

const isUnitCursor = (v: unknown): v is { s: string; i: number } =>
  typeof v === 'object' && v !== null && typeof (v as { s?: unknown }).s === 'string' && typeof (v as { i?: unknown }).i === 'number'

builder.queryFields((t) => ({
  unit: t.field({
    type: UnitRef,
    nullable: true,
    description: 'Đơn vị theo mã; null nếu không có hoặc ngoài phạm vi được xem',
    args: { code: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => visibleUnitByCode(ctx, args.code),
  }),
  units: t.connection({
    type: UnitRef,
    description: 'Tìm đơn vị trong phạm vi được xem: không phân biệt dấu, hoa thường ("phuc loi" tìm được "Phúc Lợi"), sắp theo thứ tự tiếng Việt',
    args: {
      search: t.arg.string(),
      kinds: t.arg({ type: [UnitKindEnum] }),
      under: t.arg.string({ description: 'Chỉ tìm trong cây con của đơn vị có mã này' }),
      includeClosed: t.arg.boolean({ defaultValue: false }),
      onDate: t.arg({ type: 'Date', description: 'Chỉ các đơn vị đang hoạt động vào ngày này' }),
    },
    resolve: async (_r, args, ctx) => {
      const size = pageSize(args.first)
      const after = decodeCursor(args.after, isUnitCursor)
      let within = ctx.access.rootIds()
      if (args.under) within = [(await readableUnitByCode(ctx, args.under)).id]
      const rows = await findUnits(ctx.db, {
        text: args.search,
        kinds: args.kinds,
        withinUnitIds: within,
        includeClosed: args.includeClosed ?? false,
        onDate: args.onDate,
        after: after ? { sortKey: after.s, id: after.i } : null,
        limit: size + 1,
      })
      return connectionFrom(rows, size, (u) => encodeCursor({ s: u.sort_key, i: u.id }))
    },
  }),
}))
