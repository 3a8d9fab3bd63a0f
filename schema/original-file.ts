import { DomainError } from '../src/domain/domain-error.js'
import { makeDownloadLink } from '../src/domain/exports/export-service.js'
import { originalFileOf } from '../src/domain/returns/original-file-service.js'
import { builder } from './builder.js'
import { DownloadLinkRef } from './export.js'

builder.mutationFields((t) => ({
  requestOriginalFile: t.field({
    type: DownloadLinkRef,
    description: 'Tạo liên kết tải tệp Excel gốc của một lần cập nhật báo cáo (mọi vai trò được xem đơn vị)',
    errors: { types: [DomainError] },
    args: { return: t.arg.int({ required: true }), revision: t.arg.int({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const viewer = ctx.access.viewer
      if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Bạn chưa đăng nhập')
      // Checked now so the link is known to work; the download checks again.
      const file = await originalFileOf(ctx.db, ctx.access, args.return, args.revision)
      return makeDownloadLink(ctx.services, 'upload', { ret: String(args.return), rev: String(args.revision) }, viewer.accountId, file.fileName)
    },
  }),
}))
