import { DomainError } from '../src/domain/domain-error.js'
import type { DownloadLink } from '../src/domain/exports/export-service.js'
import { requestExportLink, requestTemplateLink } from '../src/domain/exports/download-requests.js'
import { PeriodError } from '../src/domain/periods/period-error.js'
import { builder } from './builder.js'
import type { GraphQLContext } from './context.js'
import { readableUnitByCode } from './unit.js'

const TemplateLayoutEnum = builder.enumType('TemplateLayout', {
  description: 'FORM: một đơn vị, mỗi dòng một chỉ tiêu; TABLE: mỗi dòng một đơn vị trực thuộc phải báo cáo biểu trong kỳ, mỗi cột một chỉ tiêu',
  values: { FORM: { value: 'form' as const }, TABLE: { value: 'table' as const } },
})

export const DownloadLinkRef = builder.objectRef<DownloadLink>('DownloadLink').implement({
  description: 'Liên kết tải tệp, hiệu lực 5 phút, chỉ dùng được với Bearer token của chính tài khoản đã yêu cầu',
  fields: (t) => ({
    url: t.exposeString('url'),
    fileName: t.exposeString('fileName'),
    expiresAt: t.field({ type: 'DateTime', resolve: (l) => l.expiresAt }),
  }),
})

async function unitWithRole(ctx: GraphQLContext, code: string, roles: ('submitter' | 'exporter')[]) {
  const unit = await readableUnitByCode(ctx, code)
  for (const role of roles) if (await ctx.access.hasRole(unit.id, role)) return unit
  throw new DomainError('FORBIDDEN', `Bạn không có quyền ${roles.includes('submitter') ? 'tải mẫu biểu' : 'xuất báo cáo tổng hợp'} của đơn vị "${unit.name}"`)
}

builder.mutationFields((t) => ({
  requestTemplate: t.field({
    type: DownloadLinkRef,
    description: 'Tạo liên kết tải mẫu biểu Excel để nhập số liệu (vai trò nhập liệu hoặc xuất báo cáo tại đơn vị)',
    errors: { types: [DomainError, PeriodError] },
    args: {
      form: t.arg.string({ required: true }),
      unit: t.arg.string({ required: true }),
      period: t.arg.string({ required: true }),
      layout: t.arg({ type: TemplateLayoutEnum, required: false, defaultValue: 'form' }),
    },
    resolve: async (_r, args, ctx) => {
      const unit = await unitWithRole(ctx, args.unit, ['submitter', 'exporter'])
      const layout = args.layout ?? 'form'
      const viewer = ctx.access.viewer
      if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Bạn chưa đăng nhập')
      return requestTemplateLink(ctx.services, ctx.db, viewer.accountId, unit, { formCode: args.form, periodId: args.period, layout })
    },
  }),
  requestExport: t.field({
    type: DownloadLinkRef,
    description: 'Tạo liên kết tải báo cáo tổng hợp Excel theo thể thức văn bản (vai trò xuất báo cáo tại đơn vị); có ghi nhật ký',
    errors: { types: [DomainError, PeriodError] },
    args: {
      unit: t.arg.string({ required: true }),
      form: t.arg.string({ required: true }),
      period: t.arg.string({ required: true }),
      signerTitle: t.arg.string({ required: false }),
      signerName: t.arg.string({ required: false }),
      date: t.arg({ type: 'Date', required: false, description: 'Ngày ghi ở dòng địa danh, ngày tháng; mặc định hôm nay' }),
    },
    resolve: async (_r, args, ctx) => {
      const unit = await unitWithRole(ctx, args.unit, ['exporter'])
      const viewer = ctx.access.viewer
      if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Bạn chưa đăng nhập')
      return requestExportLink(ctx.services, ctx.db, { viewer, clientAddress: ctx.clientAddress }, unit, { formCode: args.form, periodId: args.period, signerTitle: args.signerTitle, signerName: args.signerName, date: args.date })
    },
  }),
}))
