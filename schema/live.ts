import { GraphQLError } from 'graphql'
import { DomainError } from '../src/domain/domain-error.js'
import { LIVE_CHANGE_KINDS } from '../src/domain/live/live-change.js'
import type { LiveEvent } from '../src/domain/live/live-change-hub.js'
import { builder } from './builder.js'
import type { GraphQLContext } from './context.js'
import { periodArg } from './period.js'
import { RollupUnitRef } from './rollup.js'
import { readableUnitByCode } from './unit.js'

const KINDS = ['SAVED', 'SUBMITTED', 'APPROVED', 'RETURNED', 'REOPENED', 'TREE', 'RESYNC'] as const
type KindName = (typeof KINDS)[number]

const RollupChangeKindEnum = builder.enumType('RollupChangeKind', {
  description: 'Điều gì đã thay đổi: lưu, nộp, duyệt, trả lại, mở lại báo cáo; thay đổi cây đơn vị; RESYNC: kênh bị gián đoạn, hãy tải lại số liệu',
  values: KINDS,
})

const kindName = (k: LiveEvent['kind']): KindName => (k === 'resync' ? 'RESYNC' : (k.toUpperCase() as KindName))
// every domain kind has its name, checked when the schema is built
for (const k of LIVE_CHANGE_KINDS) if (!KINDS.includes(kindName(k))) throw new Error(`RollupChangeKind lacks ${k}`)

const RollupChangeRef = builder.objectRef<LiveEvent>('RollupChange').implement({
  description: 'Một thay đổi đã được ghi (cam kết) trong phạm vi đơn vị đang theo dõi: hãy tải lại số liệu',
  fields: (t) => ({
    form: t.exposeString('formCode'),
    period: t.exposeString('periodId'),
    unit: t.field({ type: RollupUnitRef, nullable: true, description: 'Đơn vị có số liệu thay đổi (trong cây của kỳ); null với RESYNC', resolve: (e) => e.unit }),
    returnId: t.exposeInt('returnId', { nullable: true }),
    kind: t.field({ type: RollupChangeKindEnum, resolve: (e) => kindName(e.kind) }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
  }),
})

/** Same check as `rollup`: the unit must be in the viewer's scope; then only changes in its subtree reach the page. */
async function rollupChanges(ctx: GraphQLContext, a: { unit: string; form: string; period: string }): Promise<AsyncIterable<LiveEvent>> {
  const unit = await readableUnitByCode(ctx, a.unit)
  const period = periodArg(a.period)
  try {
    return await ctx.services.live.subscribe({ formCode: a.form, periodId: period.id, unitId: unit.id })
  } catch (e) {
    if (e instanceof DomainError) throw new GraphQLError(e.message, { extensions: { code: e.code } })
    throw e
  }
}

// The type-level scope guards each event's resolve only, not `subscribe`: the check that counts is rollupChanges'
// (test/api/access-enumeration.test.ts refuses anonymous and out-of-scope subscribers).
builder.subscriptionType({ authScopes: { loggedIn: true } })

builder.subscriptionFields((t) => ({
  rollupChanged: t.field({
    type: RollupChangeRef,
    description: 'Báo ngay khi một báo cáo trong phạm vi đơn vị (biểu mẫu, kỳ) được lưu, nộp, duyệt, trả lại, mở lại, hoặc cây đơn vị thay đổi (qua server-sent events)',
    args: { unit: t.arg.string({ required: true }), form: t.arg.string({ required: true }), period: t.arg.string({ required: true }) },
    subscribe: (_r, a, ctx) => rollupChanges(ctx, a),
    resolve: (e) => e,
  }),
}))
