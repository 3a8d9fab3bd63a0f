import { GraphQLError } from 'graphql'
import type { ImportFinding } from '../importers/import-finding.js'
import type { ParsedValue } from '../importers/return-parser-types.js'
import { currentValues, returnById, returnFor, returnsPage, revisionsOf, revisionValues, valueHistory, type ReturnRow, type RevisionWithUpload, type ValueHistoryRow } from '../src/domain/returns/return-queries.js'
import { DomainError } from '../src/domain/domain-error.js'
import { tryParsePeriodId } from '../src/domain/periods/period-id.js'
import { importReturnFile, type ImportedReturn, type ImportResult, type ReturnScope } from '../src/domain/returns/import-return.js'
import { returnPermissions, type ReturnPermissions } from '../src/domain/returns/return-permissions.js'
import { approverName, transitionReturn, type WorkflowAction } from '../src/domain/returns/return-workflow.js'
import { builder } from './builder.js'
import { SeverityEnum } from './vocabulary-enums.js'
import { connectionFrom, decodeCursor, encodeCursor, isId, pageSize } from './connection-cursor.js'
import type { GraphQLContext } from './context.js'
import { DocumentRef } from './document.js'
import { PeriodRef, periodArg } from './period.js'
import { readableUnitByCode, UnitRef, visibleUnits } from './unit.js'

// graphql-yoga turns the multipart request's file part into a web File; the scalar only passes it through.
const FileScalar = builder.scalarType('File' as 'JSON', {
  description: 'Tệp tải lên theo GraphQL multipart request spec',
  serialize: () => {
    throw new GraphQLError('File chỉ dùng làm tham số')
  },
  parseValue: (v) => v,
})

const ReturnScopeEnum = builder.enumType('ReturnScope', {
  description: 'own: số liệu của riêng đơn vị; consolidated: số liệu tổng hợp cả các đơn vị trực thuộc',
  values: ['own', 'consolidated'] as const,
})

const FindingRef = builder.objectRef<ImportFinding>('ImportFinding').implement({
  description: 'Một lỗi (chặn việc lưu) hoặc cảnh báo về tệp tải lên, kèm ô liên quan',
  fields: (t) => ({
    severity: t.expose('severity', { type: SeverityEnum }),
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    place: t.exposeString('place', { nullable: true, description: 'Ví dụ "Biểu 01!E12"' }),
  }),
})

const ParsedValueRef = builder.objectRef<ParsedValue>('ImportedValue').implement({
  fields: (t) => ({
    indicator: t.exposeString('indicator'),
    number: t.float({ nullable: true, resolve: (v) => v.num }),
    text: t.exposeString('text', { nullable: true }),
    place: t.exposeString('place'),
  }),
})

const ImportedReturnRef = builder.objectRef<ImportedReturn>('ImportedReturn').implement({
  fields: (t) => ({
    unitCode: t.exposeString('unitCode'),
    unitName: t.exposeString('unitName'),
    returnId: t.exposeInt('returnId', { nullable: true }),
    revision: t.exposeInt('revision', { nullable: true }),
    status: t.exposeString('status'),
    document: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'Văn bản sẽ được gắn với báo cáo: theo trang ẩn của mẫu biểu, theo phân công, hoặc theo số/ký hiệu ghi ở tiêu đề biểu',
      resolve: (r, _a, ctx) => (r.documentId === null ? null : ctx.loaders.document.load(r.documentId)),
    }),
    values: t.field({ type: [ParsedValueRef], description: 'Số liệu sẽ lưu (tử số, mẫu số; không lưu tỷ lệ)', resolve: (r) => r.values }),
    ratios: t.field({ type: [ParsedValueRef], description: 'Tỷ lệ (%) ghi trong tệp, chỉ để đối chiếu', resolve: (r) => r.ratios }),
  }),
})

const UploadResultRef = builder.objectRef<ImportResult>('UploadReturnResult').implement({
  fields: (t) => ({
    outcome: t.exposeString('outcome', { description: 'committed | duplicate | refused | dry_run' }),
    message: t.exposeString('message'),
    fileName: t.exposeString('fileName'),
    sha256: t.exposeString('sha256'),
    formCode: t.exposeString('formCode', { nullable: true }),
    periodId: t.exposeString('periodId', { nullable: true }),
    scope: t.exposeString('scope'),
    layout: t.exposeString('layout', { nullable: true }),
    returns: t.field({ type: [ImportedReturnRef], resolve: (r) => r.returns }),
    findings: t.field({ type: [FindingRef], resolve: (r) => r.findings }),
  }),
})

const ValueRef = builder.objectRef<{ indicator_code: string; num_value: number | null; text_value: string | null; place?: string | null }>('ReturnValue').implement({
  fields: (t) => ({
    indicator: t.exposeString('indicator_code'),
    number: t.float({ nullable: true, resolve: (v) => v.num_value }),
    text: t.exposeString('text_value', { nullable: true }),
    place: t.string({ nullable: true, resolve: (v) => v.place ?? null }),
  }),
})

const RevisionRef = builder.objectRef<RevisionWithUpload>('ReturnRevision').implement({
  fields: (t) => ({
    number: t.exposeInt('number'),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.created_at }),
    createdBy: t.exposeString('username', { nullable: true }),
    fileName: t.exposeString('file_name', { nullable: true }),
    sha256: t.exposeString('sha256', { nullable: true }),
    values: t.field({ type: [ValueRef], resolve: (r, _a, ctx) => revisionValues(ctx.db, r.id) }),
  }),
})

const HistoryRef = builder.objectRef<ValueHistoryRow>('ValueHistoryEntry').implement({
  description: 'Giá trị của một chỉ tiêu qua từng lần cập nhật: ai, khi nào, từ tệp nào',
  fields: (t) => ({
    revision: t.exposeInt('revision'),
    at: t.field({ type: 'DateTime', resolve: (h) => h.created_at }),
    by: t.exposeString('username', { nullable: true }),
    fileName: t.exposeString('file_name', { nullable: true }),
    sha256: t.exposeString('sha256', { nullable: true }),
    number: t.float({ nullable: true, resolve: (h) => h.num_value }),
    text: t.exposeString('text_value', { nullable: true }),
    place: t.exposeString('place', { nullable: true }),
  }),
})

const PermissionsRef = builder.objectRef<ReturnPermissions>('ReturnPermissions').implement({
  description: 'Những thao tác người đang đăng nhập được làm với báo cáo này lúc này (để trang chỉ hiện nút dùng được; các mutation vẫn tự kiểm tra)',
  fields: (t) => ({
    upload: t.exposeBoolean('upload', { description: 'Tải lên bản sửa (người nhập liệu; không khi đã duyệt)' }),
    submit: t.exposeBoolean('submit'),
    approve: t.exposeBoolean('approve'),
    sendBack: t.exposeBoolean('sendBack'),
    reopen: t.exposeBoolean('reopen', { description: 'Người đã duyệt (còn quyền duyệt đơn vị) hoặc quản trị viên của đơn vị' }),
  }),
})

export const ReturnRef = builder.objectRef<ReturnRow>('Return').implement({
  description: 'Báo cáo của một đơn vị theo một biểu mẫu và kỳ báo cáo',
  fields: (t) => ({
    id: t.exposeInt('id'),
    unit: t.field({ type: UnitRef, nullable: true, resolve: async (r, _a, ctx) => (await visibleUnits(ctx, [await ctx.loaders.unit.load(r.unit_id)]))[0] ?? null }),
    formCode: t.exposeString('form_code'),
    period: t.field({ type: PeriodRef, resolve: (r) => periodArg(r.period_id) }),
    scope: t.exposeString('scope'),
    document: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'Văn bản mà báo cáo này báo cáo việc thực hiện (ví dụ 72-NQ/TW); null nếu cả tệp và phân công đều không nêu',
      resolve: (r, _a, ctx) => (r.document_id === null ? null : ctx.loaders.document.load(r.document_id)),
    }),
    status: t.exposeString('status', { description: 'draft | submitted | approved | returned' }),
    currentRevision: t.exposeInt('current_revision'),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.created_at }),
    updatedAt: t.field({ type: 'DateTime', resolve: (r) => r.updated_at }),
    submittedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.submitted_at }),
    lateDays: t.exposeInt('late_days', { nullable: true, description: 'Số ngày nộp muộn (0 = đúng hạn)' }),
    approvedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.approved_at }),
    returnedReason: t.exposeString('returned_reason', { nullable: true }),
    approvedBy: t.string({ nullable: true, description: 'Người đã duyệt (tên và tài khoản)', resolve: (r, _a, ctx) => (r.approved_by === null ? null : approverName(ctx.db, r.approved_by)) }),
    viewerCan: t.field({
      type: PermissionsRef,
      resolve: async (r, _a, ctx) => {
        const [submitter, reviewer, administrator] = await Promise.all((['submitter', 'reviewer', 'administrator'] as const).map((role) => ctx.access.hasRole(r.unit_id, role)))
        return returnPermissions(r, { accountId: ctx.access.viewer?.accountId ?? null, submitter: !!submitter, reviewer: !!reviewer, administrator: !!administrator })
      },
    }),
    values: t.field({ type: [ValueRef], resolve: (r, _a, ctx) => currentValues(ctx.db, r.id) }),
    revisions: t.field({ type: [RevisionRef], resolve: (r, _a, ctx) => revisionsOf(ctx.db, r.id) }),
  }),
})

const notFound = () => new DomainError('RETURN_NOT_FOUND', 'Không tìm thấy báo cáo.')

async function readableReturn(ctx: GraphQLContext, id: number): Promise<ReturnRow | null> {
  const r = await returnById(ctx.db, id)
  return r && (await ctx.access.canRead(r.unit_id)) ? r : null
}

function scopeArg(s: string | null | undefined): ReturnScope {
  return s === 'consolidated' ? 'consolidated' : 'own'
}

builder.queryFields((t) => ({
  returns: t.connection({
    type: ReturnRef,
    description: 'Báo cáo trong phạm vi được xem',
    args: { unit: t.arg.string(), form: t.arg.string(), period: t.arg.string(), status: t.arg.stringList({ description: 'Chỉ các báo cáo ở tình trạng này: draft, submitted, returned, approved' }) },
    resolve: async (_r, args, ctx) => {
      const size = pageSize(args.first)
      const unit = args.unit ? await readableUnitByCode(ctx, args.unit) : null
      const rows = await returnsPage(ctx.db, {
        withinUnitIds: ctx.access.rootIds(),
        unitId: unit?.id ?? null,
        formCode: args.form,
        periodId: args.period ? periodArg(args.period).id : null,
        statuses: args.status,
        afterId: decodeCursor(args.after, isId),
        limit: size + 1,
      })
      return connectionFrom(rows, size, (r) => encodeCursor(r.id))
    },
  }),
  return: t.field({
    type: ReturnRef,
    nullable: true,
    description: 'Một báo cáo theo số hiệu, hoặc theo đơn vị, biểu mẫu, kỳ và phạm vi; null nếu không có hoặc ngoài phạm vi',
    args: { id: t.arg.int(), unit: t.arg.string(), form: t.arg.string(), period: t.arg.string(), scope: t.arg({ type: ReturnScopeEnum }) },
    resolve: async (_r, args, ctx) => {
      if (args.id != null) return readableReturn(ctx, args.id)
      if (!args.unit || !args.form || !args.period) throw new DomainError('BAD_ARGUMENTS', 'Cần id, hoặc unit + form + period')
      const unit = await readableUnitByCode(ctx, args.unit)
      return (await returnFor(ctx.db, { unitId: unit.id, formCode: args.form, periodId: periodArg(args.period).id, scope: scopeArg(args.scope) })) ?? null
    },
  }),
  valueHistory: t.field({
    type: [HistoryRef],
    description: 'Lịch sử giá trị của một chỉ tiêu trong báo cáo của một đơn vị',
    args: {
      unit: t.arg.string({ required: true }),
      form: t.arg.string({ required: true }),
      period: t.arg.string({ required: true }),
      indicator: t.arg.string({ required: true }),
      scope: t.arg({ type: ReturnScopeEnum }),
    },
    resolve: async (_r, args, ctx) => {
      const unit = await readableUnitByCode(ctx, args.unit)
      const ret = await returnFor(ctx.db, { unitId: unit.id, formCode: args.form, periodId: periodArg(args.period).id, scope: scopeArg(args.scope) })
      return ret ? valueHistory(ctx.db, ret.id, args.indicator) : []
    },
  }),
}))

const MAX_NAME = 255

async function runTransition(ctx: GraphQLContext, id: number, action: WorkflowAction, reason?: string | null): Promise<ReturnRow> {
  const ret = await readableReturn(ctx, id)
  if (!ret) throw notFound()
  // Reopening: a reviewer over the unit who approved it, or an administrator over the unit (the approver check is
  // made on the locked row in transitionReturn).
  const administersUnit = action === 'reopen' && (await ctx.access.hasRole(ret.unit_id, 'administrator'))
  const role = action === 'submit' ? 'submitter' : 'reviewer'
  if (!administersUnit && !(await ctx.access.hasRole(ret.unit_id, role))) {
    const verb = action === 'submit' ? 'gửi' : action === 'reopen' ? 'mở lại' : 'duyệt'
    throw new DomainError('RETURN_FORBIDDEN', `Bạn không có quyền ${verb} báo cáo của đơn vị này.`)
  }
  const viewer = ctx.access.viewer!
  return transitionReturn(ctx.services.database, id, action, { accountId: viewer.accountId, username: viewer.username, clientAddress: ctx.clientAddress, administersUnit }, { reason })
}

builder.mutationFields((t) => ({
  uploadReturn: t.field({
    type: UploadResultRef,
    description: 'Tải lên tệp Excel báo cáo (multipart). Lỗi và cảnh báo trong tệp là dữ liệu (findings), không phải lỗi GraphQL.',
    errors: { types: [DomainError] },
    args: {
      file: t.arg({ type: FileScalar, required: true }),
      dryRun: t.arg.boolean({ defaultValue: false }),
      unit: t.arg.string(),
      form: t.arg.string(),
      period: t.arg.string(),
      scope: t.arg({ type: ReturnScopeEnum }),
    },
    resolve: async (_r, args, ctx) => {
      const file = args.file as unknown as File | null
      if (!file || typeof (file as { arrayBuffer?: unknown }).arrayBuffer !== 'function') throw new DomainError('FILE_MISSING', 'Không nhận được tệp tải lên.')
      if (ctx.access.rootIds('submitter').length === 0) throw new DomainError('RETURN_FORBIDDEN', 'Bạn không có quyền tải lên báo cáo.')
      if (args.period && !tryParsePeriodId(args.period.trim())) periodArg(args.period)
      const bytes = Buffer.from(await file.arrayBuffer())
      const viewer = ctx.access.viewer!
      return importReturnFile(ctx.services.database, {
        bytes,
        fileName: (file.name || 'upload.xlsx').slice(0, MAX_NAME),
        unitCode: args.unit ?? null,
        formCode: args.form ?? null,
        periodId: args.period?.trim() ?? null,
        scope: args.scope ?? null,
        dryRun: args.dryRun ?? false,
        actor: { accountId: viewer.accountId, username: viewer.username, clientAddress: ctx.clientAddress, canUpload: (unitId) => ctx.access.hasRole(unitId, 'submitter') },
      })
    },
  }),
  submitReturn: t.field({
    type: ReturnRef,
    errors: { types: [DomainError] },
    args: { id: t.arg.int({ required: true }) },
    resolve: (_r, args, ctx) => runTransition(ctx, args.id, 'submit'),
  }),
  approveReturn: t.field({
    type: ReturnRef,
    errors: { types: [DomainError] },
    args: { id: t.arg.int({ required: true }) },
    resolve: (_r, args, ctx) => runTransition(ctx, args.id, 'approve'),
  }),
  sendBackReturn: t.field({
    type: ReturnRef,
    errors: { types: [DomainError] },
    args: { id: t.arg.int({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => runTransition(ctx, args.id, 'sendBack', args.reason),
  }),
  reopenReturn: t.field({
    type: ReturnRef,
    errors: { types: [DomainError] },
    args: { id: t.arg.int({ required: true }), reason: t.arg.string() },
    resolve: (_r, args, ctx) => runTransition(ctx, args.id, 'reopen', args.reason),
  }),
}))
