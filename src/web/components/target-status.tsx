import { STATUS_WORDS } from '../dashboard-format'

/** Đạt / Chưa đạt / chưa có số liệu: in words and in colour (the colour never carries the meaning alone). */
export function TargetStatus({ status }: { status: string }) {
  const mark = status === 'MET' ? '✓' : status === 'NOT_MET' ? '✗' : '·'
  return (
    <span className={`target target-${status.toLowerCase().replace('_', '-')}`}>
      <span aria-hidden="true">{mark} </span>
      {STATUS_WORDS[status] ?? status}
    </span>
  )
}
