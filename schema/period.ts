import { DomainError } from '../src/domain/domain-error.js'
import { listPeriods, parsePeriodId, isPeriodType, type Period, type PeriodType } from '../src/domain/periods/period-id.js'
import { periodLabel, parsePeriodLabel } from '../src/domain/periods/period-label.js'
import { PeriodError } from '../src/domain/periods/period-error.js'
import { dataWindow, ND09_WINDOW } from '../src/domain/periods/period-window.js'
import { resolveArrayConnection } from '@pothos/plugin-relay'
import { builder } from './builder.js'

export const PeriodTypeEnum = builder.enumType('PeriodType', {
  values: { month: { value: 'month' }, quarter: { value: 'quarter' }, half: { value: 'half' }, nine_months: { value: 'nine_months' }, year: { value: 'year' }, adhoc: { value: 'adhoc' } } as const,
})

export const PeriodRef = builder.objectRef<Period>('Period').implement({
  description: 'Kỳ báo cáo: tháng, quý, 6 tháng, 9 tháng, năm, hoặc đột xuất',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Ví dụ 2026M03, 2026Q1, 2026S1, 2026N9, 2026, 2026-01-05_2026-02-10' }),
    type: t.field({ type: PeriodTypeEnum, resolve: (p) => p.type }),
    year: t.exposeInt('year'),
    label: t.string({ description: 'Nhãn tiếng Việt, ví dụ "Quý I/2026"', resolve: (p) => periodLabel(p) }),
    start: t.field({ type: 'Date', resolve: (p) => p.start }),
    end: t.field({ type: 'Date', resolve: (p) => p.end }),
    stateWindowStart: t.field({ type: 'Date', description: 'Ngày bắt đầu lấy số liệu theo Nghị định 09/2019/NĐ-CP', resolve: (p) => dataWindow(p, ND09_WINDOW).start }),
    stateWindowEnd: t.field({ type: 'Date', description: 'Ngày chốt số liệu theo Nghị định 09/2019/NĐ-CP', resolve: (p) => dataWindow(p, ND09_WINDOW).end }),
  }),
})

/** Parses a period id for resolvers; a bad id throws a PeriodError (a DomainError), which takes the one error path. */
export function periodArg(id: string): Period {
  return parsePeriodId(id.trim())
}

builder.queryFields((t) => ({
  period: t.field({
    type: PeriodRef,
    errors: { types: [PeriodError] },
    description: 'Kỳ báo cáo theo mã',
    args: { id: t.arg.string({ required: true }) },
    resolve: (_r, args) => parsePeriodId(args.id.trim()),
  }),
  parsePeriodLabel: t.field({
    type: PeriodRef,
    errors: { types: [PeriodError] },
    description: 'Đọc nhãn tiếng Việt ("Quý I/2026", "6 tháng đầu năm 2026") thành kỳ báo cáo',
    args: { label: t.arg.string({ required: true }) },
    resolve: (_r, args) => parsePeriodLabel(args.label),
  }),
  periods: t.connection({
    type: PeriodRef,
    description: 'Các kỳ của một loại trong một năm',
    args: { type: t.arg({ type: PeriodTypeEnum, required: true }), year: t.arg.int({ required: true }) },
    resolve: (_r, args) => {
      if (args.year < 1945 || args.year > 2200) throw new DomainError('BAD_YEAR', `Năm ${args.year} nằm ngoài khoảng cho phép`)
      if (!isPeriodType(args.type) || args.type === 'adhoc') throw new DomainError('BAD_PERIOD_TYPE', 'Kỳ đột xuất không có danh sách cố định')
      return resolveArrayConnection({ args }, listPeriods(args.type as PeriodType, args.year))
    },
  }),
}))
