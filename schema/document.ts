import { documentByKeyOrSymbol, documentsPage, type DocumentRow } from '../src/domain/documents/document-queries.js'
import { builder } from './builder.js'
import { connectionFrom, decodeCursor, encodeCursor, isId, pageSize } from './connection-cursor.js'
import { UnitRef, visibleUnits } from './unit.js'

export const DocumentRef = builder.objectRef<DocumentRow>('Document')

DocumentRef.implement({
  description: 'Văn bản (nghị quyết, chỉ thị, chương trình, kế hoạch, công văn…). Văn bản là thông tin công khai cho mọi người dùng đã đăng nhập.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Khóa duy nhất (số/ký hiệu, hoặc khóa riêng cho văn bản chưa có số)' }),
    symbol: t.exposeString('symbol', { description: 'Số/ký hiệu như in trên văn bản, ví dụ 72-NQ/TW' }),
    number: t.exposeInt('number', { nullable: true }),
    type: t.exposeString('doc_type', { nullable: true, description: 'Loại văn bản: NQ, CT, CTr, KH, CV, KL…' }),
    issuer: t.exposeString('issuer_code', { nullable: true, description: 'Phần cơ quan ban hành sau dấu gạch chéo: TW, TU, BTGDVTU, CP, UBND…' }),
    system: t.exposeString('system', { description: 'party (văn bản Đảng) hoặc state (văn bản Nhà nước)' }),
    title: t.exposeString('title'),
    issuedOn: t.field({ type: 'Date', nullable: true, resolve: (d) => d.issued_on }),
    issuingUnit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: async (d, _a, ctx) => (d.issuing_unit_id === null ? null : ((await visibleUnits(ctx, [await ctx.loaders.unit.load(d.issuing_unit_id)]))[0] ?? null)),
    }),
    implements: t.field({
      type: [DocumentRef],
      description: 'Các văn bản cấp trên mà văn bản này triển khai thực hiện',
      resolve: async (d, _a, ctx) => (await ctx.loaders.document.loadMany((await ctx.loaders.implements.load(d.id)).map((l) => l.implements_id))).filter((x): x is DocumentRow => !!x && !(x instanceof Error)),
    }),
    implementedBy: t.field({
      type: [DocumentRef],
      description: 'Các văn bản cấp dưới triển khai văn bản này',
      resolve: async (d, _a, ctx) => (await ctx.loaders.document.loadMany((await ctx.loaders.implementedBy.load(d.id)).map((l) => l.document_id))).filter((x): x is DocumentRow => !!x && !(x instanceof Error)),
    }),
  }),
})

builder.queryFields((t) => ({
  document: t.field({
    type: DocumentRef,
    nullable: true,
    args: { key: t.arg.string({ required: true, description: 'Khóa hoặc số/ký hiệu, ví dụ "72-NQ/TW"' }) },
    resolve: async (_r, args, ctx) => (await documentByKeyOrSymbol(ctx.db, args.key)) ?? null,
  }),
  documents: t.connection({
    type: DocumentRef,
    resolve: async (_r, args, ctx) => {
      const size = pageSize(args.first)
      const rows = await documentsPage(ctx.db, { afterId: decodeCursor(args.after, isId), limit: size + 1 })
      return connectionFrom(rows, size, (d) => encodeCursor(d.id))
    },
  }),
}))
