import type { Viewer } from '../src/domain/access/roles.js'
import { assignFormAs, closeUnitAs, createUnitAs, moveUnitAs, renameUnitAs, setTargetAs, type Actor } from '../src/domain/admin/administration-service.js'
import { DomainError } from '../src/domain/domain-error.js'
import { unitByCode, type UnitRow } from '../src/domain/units/unit-service.js'
import { adminUnit } from './account.js'
import { builder } from './builder.js'
import { SectorEnum, UnitKindEnum } from './vocabulary-enums.js'
import type { GraphQLContext } from './context.js'
import { PeriodTypeEnum } from './period.js'
import { UnitRef } from './unit.js'

function actorOf(ctx: GraphQLContext): Actor {
  return { viewer: ctx.access.viewer as Viewer, clientAddress: ctx.clientAddress }
}

async function reload(ctx: GraphQLContext, code: string): Promise<UnitRow> {
  return (await unitByCode(ctx.db, code)) as UnitRow
}

builder.mutationFields((t) => ({
  createUnit: t.field({
    type: UnitRef,
    errors: { types: [DomainError] },
    description: 'Thành lập đơn vị mới trực thuộc một đơn vị trong phạm vi quản trị',
    authScopes: { anyGrant: 'administrator' },
    args: {
      code: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      kind: t.arg({ type: UnitKindEnum, required: true }),
      sector: t.arg({ type: SectorEnum, required: true }),
      parent: t.arg.string({ required: true }),
      openedOn: t.arg({ type: 'Date', required: true }),
      placeName: t.arg.string(),
    },
    resolve: async (_r, args, ctx) => {
      const parent = await adminUnit(ctx, args.parent)
      return createUnitAs(ctx.db, actorOf(ctx), { code: args.code, name: args.name, kind: args.kind, sector: args.sector, parent, openedOn: args.openedOn, placeName: args.placeName })
    },
  }),
  renameUnit: t.field({
    type: UnitRef,
    errors: { types: [DomainError] },
    authScopes: { anyGrant: 'administrator' },
    args: { code: t.arg.string({ required: true }), name: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const unit = await adminUnit(ctx, args.code)
      await renameUnitAs(ctx.db, actorOf(ctx), unit, args.name)
      return reload(ctx, unit.code)
    },
  }),
  moveUnit: t.field({
    type: UnitRef,
    errors: { types: [DomainError] },
    description: 'Chuyển đơn vị (cùng cây con) sang đơn vị cấp trên khác từ một ngày; các kỳ trước vẫn tính theo đơn vị cấp trên cũ',
    authScopes: { anyGrant: 'administrator' },
    args: { code: t.arg.string({ required: true }), newParent: t.arg.string({ required: true }), effectiveFrom: t.arg({ type: 'Date', required: true }) },
    resolve: async (_r, args, ctx) => {
      const unit = await adminUnit(ctx, args.code)
      const parent = await adminUnit(ctx, args.newParent)
      await moveUnitAs(ctx.db, actorOf(ctx), unit, parent, args.effectiveFrom)
      return reload(ctx, unit.code)
    },
  }),
  closeUnit: t.field({
    type: UnitRef,
    errors: { types: [DomainError] },
    description: 'Giải thể đơn vị từ một ngày; số liệu các kỳ trước vẫn được giữ và tổng hợp',
    authScopes: { anyGrant: 'administrator' },
    args: { code: t.arg.string({ required: true }), closedOn: t.arg({ type: 'Date', required: true }) },
    resolve: async (_r, args, ctx) => {
      const unit = await adminUnit(ctx, args.code)
      await closeUnitAs(ctx.db, actorOf(ctx), unit, args.closedOn)
      return reload(ctx, unit.code)
    },
  }),
  assignForm: t.boolean({
    errors: { types: [DomainError] },
    description: 'Giao biểu mẫu cho một đơn vị, hoặc cho các đơn vị thuộc loại nêu trong cây con của nó; có thể nêu văn bản mà báo cáo nói về (document)',
    authScopes: { anyGrant: 'administrator' },
    args: {
      form: t.arg.string({ required: true }),
      unit: t.arg.string({ required: true }),
      unitKinds: t.arg({ type: [UnitKindEnum] }),
      periodType: t.arg({ type: PeriodTypeEnum, required: true }),
      deadline: t.arg({ type: 'JSON', required: true, description: 'Ví dụ {"kind":"day_of_last_month","day":14} hoặc {"kind":"days_after_end","days":5,"workingDays":true}' }),
      window: t.arg({ type: 'JSON', description: 'Mặc định {"kind":"calendar"}; Nghị định 09: {"kind":"offset","startDay":15,"endDay":14}' }),
      validFrom: t.arg({ type: 'Date' }),
      validTo: t.arg({ type: 'Date' }),
      document: t.arg.string({
        description: 'Văn bản mà các báo cáo theo phân công này báo cáo về: số/ký hiệu (ví dụ "72-NQ/TW", "282/NQ-CP") hoặc khóa của văn bản chưa có số (ví dụ "31.BD/KH-72"). Không rõ: DOCUMENT_NOT_FOUND; nhiều văn bản cùng ký hiệu: DOCUMENT_AMBIGUOUS',
      }),
    },
    resolve: async (_r, args, ctx) => {
      const unit = await adminUnit(ctx, args.unit)
      await assignFormAs(ctx.db, actorOf(ctx), {
        formCode: args.form,
        unit,
        unitKinds: args.unitKinds ?? null,
        periodType: args.periodType,
        deadline: args.deadline,
        window: args.window,
        validFrom: args.validFrom ?? null,
        validTo: args.validTo ?? null,
        document: args.document ?? null,
      })
      return true
    },
  }),
  setTarget: t.boolean({
    errors: { types: [DomainError] },
    description: 'Đặt chỉ tiêu phấn đấu của chính đơn vị (không phải tổng của cấp dưới)',
    authScopes: { anyGrant: 'administrator' },
    args: {
      unit: t.arg.string({ required: true }),
      form: t.arg.string({ required: true }),
      indicator: t.arg.string({ required: true }),
      year: t.arg.int({ required: true }),
      comparator: t.arg.string({ required: true }),
      value: t.arg.float(),
      baselineYear: t.arg.int(),
      changePercent: t.arg.float(),
      note: t.arg.string(),
    },
    resolve: async (_r, args, ctx) => {
      const unit = await adminUnit(ctx, args.unit)
      await setTargetAs(ctx.db, actorOf(ctx), { unit, formCode: args.form, indicatorCode: args.indicator, year: args.year, comparator: args.comparator, value: args.value ?? null, baselineYear: args.baselineYear ?? null, changePercent: args.changePercent ?? null, note: args.note ?? null })
      return true
    },
  }),
}))
