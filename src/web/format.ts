/** Vietnamese display of statuses, dates, countdowns and numbers. */
export const STATUS_NAMES: Record<string, string> = {
  missing: 'chưa nộp',
  draft: 'bản nháp',
  submitted: 'đã nộp',
  returned: 'bị trả lại',
  approved: 'đã duyệt',
}

export function statusName(status: string): string {
  return STATUS_NAMES[status] ?? status
}

export function dmy(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-')
  return `${d}/${m}/${y}`
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' })
}

export function countdown(daysLeft: number): string {
  if (daysLeft > 0) return `còn ${daysLeft} ngày`
  if (daysLeft === 0) return 'hạn hôm nay'
  return `quá hạn ${-daysLeft} ngày`
}

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 })

export function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : NUMBER.format(value)
}
