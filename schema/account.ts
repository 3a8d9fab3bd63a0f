import { accountsWithin, auditPage, grantsOf, type AccountRow, type AuditRow } from '../src/domain/accounts/account-queries.js'
import { LoginThrottledError } from '../src/domain/accounts/account-errors.js'
import { ownProfile, updateOwnProfile } from '../src/domain/accounts/account-profile-service.js'
import { changePassword, grantRole, login, logout, revokeRole } from '../src/domain/accounts/account-service.js'
import { ROLES, type Role, type Viewer } from '../src/domain/access/roles.js'
import { createAccountAs } from '../src/domain/admin/administration-service.js'
import { DomainError } from '../src/domain/domain-error.js'
import { builder } from './builder.js'
import { connectionFrom, decodeCursor, encodeCursor, isId, pageSize } from './connection-cursor.js'
import { ErrorInterface } from './errors.js'
import { readableUnitByCode, UnitRef, visibleUnits } from './unit.js'

export const RoleEnum = builder.enumType('Role', {
  description: 'submitter: nộp báo cáo; reviewer: duyệt/trả lại; viewer: xem tổng hợp; exporter: tải biểu tổng hợp; administrator: quản trị',
  values: Object.fromEntries(ROLES.map((r) => [r, { value: r }])) as { [K in Role]: { value: K } },
})

builder.objectType(LoginThrottledError, {
  name: 'LoginThrottledError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof LoginThrottledError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
})

const GrantRef = builder.objectRef<{ role: Role; unitId: number }>('RoleGrant').implement({
  fields: (t) => ({
    role: t.field({ type: RoleEnum, resolve: (g) => g.role }),
    // The holder always knows where their own role is, even in the login answer (an anonymous request).
    unitCode: t.string({ resolve: async (g, _a, ctx) => (await ctx.loaders.unit.load(g.unitId))?.code ?? '' }),
    unitName: t.string({ resolve: async (g, _a, ctx) => (await ctx.loaders.unit.load(g.unitId))?.name ?? '' }),
    unit: t.field({ type: UnitRef, nullable: true, resolve: async (g, _a, ctx) => (await visibleUnits(ctx, [await ctx.loaders.unit.load(g.unitId)]))[0] ?? null }),
  }),
})

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'Người dùng đang đăng nhập',
  fields: (t) => ({
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    signerTitle: t.string({ nullable: true, description: 'Chức danh ký báo cáo tổng hợp (các dòng cách nhau bởi xuống dòng); null: chức danh mặc định của đơn vị', resolve: async (v, _a, ctx) => (await ownProfile(ctx.db, v)).signerTitle }),
    grants: t.field({ type: [GrantRef], resolve: (v) => v.grants }),
  }),
})

const AccountRef = builder.objectRef<AccountRow>('Account').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    username: t.exposeString('username'),
    displayName: t.exposeString('display_name'),
    disabled: t.boolean({ resolve: (a) => a.disabled === 1 }),
    grants: t.field({
      type: [GrantRef],
      description: 'Các quyền trong phạm vi người xem quản trị',
      resolve: async (a, _x, ctx) => {
        const grants = (await grantsOf(ctx.db, a.id)).map((g) => ({ role: g.role as Role, unitId: g.unit_id }))
        const ok = await Promise.all(grants.map((g) => ctx.access.hasRole(g.unitId, 'administrator')))
        return grants.filter((_g, i) => ok[i])
      },
    }),
  }),
})

const LoginPayload = builder.objectRef<{ token: string; expiresAt: string; viewer: Viewer }>('LoginPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Gửi kèm mỗi yêu cầu: Authorization: Bearer <token>' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.expiresAt }),
    viewer: t.field({ type: ViewerRef, resolve: (p) => p.viewer }),
  }),
})

const BrowserSessionRef = builder.objectRef<{ expiresAt: string; viewer: Viewer }>('BrowserSession').implement({
  description: 'Phiên đăng nhập của trình duyệt: mã phiên nằm trong cookie HttpOnly, không trả về cho trang',
  fields: (t) => ({
    expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.expiresAt }),
    viewer: t.field({ type: ViewerRef, resolve: (p) => p.viewer }),
  }),
})

const AuditRef = builder.objectRef<AuditRow>('AuditEntry').implement({
  description: 'Một dòng nhật ký (chỉ đọc, không sửa, không xóa được)',
  fields: (t) => ({
    id: t.exposeInt('id'),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
    username: t.exposeString('username', { nullable: true }),
    action: t.exposeString('action'),
    unit: t.field({ type: UnitRef, nullable: true, resolve: async (a, _x, ctx) => (a.unit_id === null ? null : ((await visibleUnits(ctx, [await ctx.loaders.unit.load(a.unit_id)]))[0] ?? null)) }),
    target: t.exposeString('target', { nullable: true }),
    details: t.field({ type: 'JSON', nullable: true, resolve: (a) => (a.details ? JSON.parse(a.details) : null) }),
    clientAddress: t.exposeString('client_address', { nullable: true }),
  }),
})

builder.queryFields((t) => ({
  me: t.field({ type: ViewerRef, nullable: true, skipTypeScopes: true, description: 'Người dùng hiện tại; null khi chưa đăng nhập', resolve: (_r, _a, ctx) => ctx.access.viewer }),
  accounts: t.connection({
    type: AccountRef,
    description: 'Tài khoản có quyền trong cây đơn vị mà người xem quản trị',
    authScopes: { anyGrant: 'administrator' },
    resolve: async (_r, args, ctx) => {
      const size = pageSize(args.first)
      const rows = await accountsWithin(ctx.db, ctx.access.rootIds('administrator'), decodeCursor(args.after, isId), size + 1)
      return connectionFrom(rows, size, (a) => encodeCursor(a.id))
    },
  }),
  auditLog: t.connection({
    type: AuditRef,
    description: 'Nhật ký thao tác của các đơn vị trong phạm vi quản trị, mới nhất trước',
    authScopes: { anyGrant: 'administrator' },
    args: { unit: t.arg.string(), action: t.arg.string() },
    resolve: async (_r, args, ctx) => {
      const size = pageSize(args.first)
      let roots = ctx.access.rootIds('administrator')
      if (args.unit) {
        const unit = await readableUnitByCode(ctx, args.unit)
        if (!(await ctx.access.hasRole(unit.id, 'administrator'))) throw new DomainError('UNIT_NOT_FOUND', `Không tìm thấy đơn vị có mã "${args.unit}"`)
        roots = [unit.id]
      }
      const rows = await auditPage(ctx.db, { rootIds: roots, action: args.action, beforeId: decodeCursor(args.after, isId), limit: size + 1 })
      return connectionFrom(rows, size, (a) => encodeCursor(a.id))
    },
  }),
}))

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayload,
    skipTypeScopes: true,
    errors: { types: [LoginThrottledError, DomainError] },
    args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => login(ctx.db, { ...args, clientAddress: ctx.clientAddress, policy: ctx.services.config.loginThrottle }),
  }),
  startSession: t.field({
    type: BrowserSessionRef,
    skipTypeScopes: true,
    description: 'Đăng nhập từ trang web: phiên được đặt vào cookie HttpOnly, SameSite=Strict (cùng giới hạn số lần thử và nhật ký như login)',
    errors: { types: [LoginThrottledError, DomainError] },
    args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const result = await login(ctx.db, { ...args, clientAddress: ctx.clientAddress, policy: ctx.services.config.loginThrottle })
      ctx.session.start(result.token, result.expiresAt)
      return { expiresAt: result.expiresAt, viewer: result.viewer }
    },
  }),
  logout: t.boolean({
    resolve: async (_r, _a, ctx) => {
      if (ctx.access.viewer) await logout(ctx.db, ctx.access.viewer, ctx.clientAddress)
      if (ctx.session.viaCookie || ctx.request.headers.get('cookie')) ctx.session.clear()
      return true
    },
  }),
  updateProfile: t.field({
    type: ViewerRef,
    description: 'Người dùng sửa họ tên và chức danh ký báo cáo của chính mình (bỏ trống một trường để giữ nguyên; signerTitle rỗng: dùng chức danh mặc định); có ghi nhật ký',
    errors: { types: [DomainError] },
    args: { displayName: t.arg.string({ required: false }), signerTitle: t.arg.string({ required: false }) },
    resolve: async (_r, args, ctx) => ({ ...(ctx.access.viewer as Viewer), ...(await updateOwnProfile(ctx.db, ctx.access.viewer as Viewer, { displayName: args.displayName, signerTitle: args.signerTitle, clientAddress: ctx.clientAddress })) }),
  }),
  changePassword: t.boolean({
    errors: { types: [DomainError] },
    args: { current: t.arg.string({ required: true }), next: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await changePassword(ctx.db, ctx.access.viewer as Viewer, { current: args.current, next: args.next, clientAddress: ctx.clientAddress })
      return true
    },
  }),
  createAccount: t.field({
    type: AccountRef,
    errors: { types: [DomainError] },
    description: 'Tạo tài khoản và cấp quyền tại một đơn vị trong phạm vi quản trị',
    args: {
      username: t.arg.string({ required: true }),
      displayName: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
      role: t.arg({ type: RoleEnum, required: true }),
      unit: t.arg.string({ required: true }),
    },
    authScopes: { anyGrant: 'administrator' },
    resolve: async (_r, args, ctx) => {
      const unit = await adminUnit(ctx, args.unit)
      const actor = { viewer: ctx.access.viewer as Viewer, clientAddress: ctx.clientAddress }
      return createAccountAs(ctx.db, actor, { username: args.username, displayName: args.displayName, password: args.password, role: args.role, unit, scopeRootIds: ctx.access.rootIds('administrator') })
    },
  }),
  grantRole: t.boolean({
    errors: { types: [DomainError] },
    authScopes: { anyGrant: 'administrator' },
    args: { username: t.arg.string({ required: true }), role: t.arg({ type: RoleEnum, required: true }), unit: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const unit = await adminUnit(ctx, args.unit)
      await grantRole(ctx.db, { username: args.username, role: args.role, unitId: unit.id, by: ctx.access.viewer as Viewer, clientAddress: ctx.clientAddress })
      return true
    },
  }),
  revokeRole: t.boolean({
    errors: { types: [DomainError] },
    authScopes: { anyGrant: 'administrator' },
    args: { username: t.arg.string({ required: true }), role: t.arg({ type: RoleEnum, required: true }), unit: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const unit = await adminUnit(ctx, args.unit)
      await revokeRole(ctx.db, { username: args.username, role: args.role, unitId: unit.id, by: ctx.access.viewer as Viewer, clientAddress: ctx.clientAddress })
      return true
    },
  }),
}))

/** A unit the viewer administers; anything else looks like a unit that does not exist. */
export async function adminUnit(ctx: Parameters<typeof readableUnitByCode>[0], code: string) {
  const unit = await readableUnitByCode(ctx, code).catch(() => null)
  if (!unit || !(await ctx.access.hasRole(unit.id, 'administrator'))) throw new DomainError('UNIT_NOT_FOUND', `Không tìm thấy đơn vị có mã "${code}"`)
  return unit
}
