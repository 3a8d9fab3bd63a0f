import { vietnamDate } from '../src/domain/periods/deadline-rule.js'
import { isIsoDate } from '../src/domain/periods/calendar-date.js'
import { DomainError } from '../src/domain/domain-error.js'
import { workListFor, type WorkItem } from '../src/domain/returns/work-list-service.js'
import { builder } from './builder.js'
import { DocumentRef } from './document.js'
import { ReturnRef } from './return.js'

const WorkItemRef = builder.objectRef<WorkItem>('WorkItem').implement({
  description: 'Một báo cáo phải nộp: đơn vị, biểu mẫu, kỳ, hạn nộp và tình trạng',
  fields: (t) => ({
    unitCode: t.exposeString('unitCode'),
    unitName: t.exposeString('unitName'),
    formCode: t.exposeString('formCode'),
    formTitle: t.exposeString('formTitle'),
    periodId: t.exposeString('periodId'),
    periodLabel: t.exposeString('periodLabel'),
    deadline: t.field({ type: 'Date', resolve: (w) => w.deadline }),
    daysLeft: t.exposeInt('daysLeft', { description: 'Số ngày còn lại đến hạn; âm khi đã quá hạn' }),
    status: t.exposeString('status', { description: 'missing (chưa nộp) | draft | submitted | returned | approved' }),
    return: t.field({ type: ReturnRef, nullable: true, resolve: (w) => w.returnRow }),
    document: t.field({ type: DocumentRef, nullable: true, resolve: (w, _a, ctx) => (w.documentId === null ? null : ctx.loaders.document.load(w.documentId)) }),
  }),
})

builder.queryFields((t) => ({
  workList: t.field({
    type: [WorkItemRef],
    description: 'Việc cần làm của người nhập liệu: các báo cáo đến hạn, quá hạn hoặc vừa hết hạn của các đơn vị mình nộp thay (đơn vị được giao quyền và hai cấp dưới)',
    args: { on: t.arg({ type: 'Date', description: 'Tính theo ngày này (mặc định: hôm nay, giờ Việt Nam)' }) },
    resolve: async (_r, args, ctx) => {
      const on = args.on ?? vietnamDate(new Date())
      if (!isIsoDate(on)) throw new DomainError('BAD_DATE', `Ngày "${on}" không hợp lệ`)
      const roots = ctx.access.rootIds('submitter')
      return roots.length ? workListFor(ctx.db, roots, on) : []
    },
  }),
}))
