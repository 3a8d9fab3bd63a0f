import { addDays, dayOfWeek, isIsoDate } from './calendar-date.js'
import { PeriodError } from './period-error.js'

/**
 * Public holidays on the same solar date every year (Bộ luật Lao động 2019, Điều 112). Tết and
 * Giỗ Tổ Hùng Vương follow the lunar calendar and the Government moves days off each year, so
 * those come from configuration as full dates.
 */
export const VIETNAM_FIXED_HOLIDAYS: readonly string[] = Object.freeze(['01-01', '04-30', '05-01', '09-02'])

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** Extra holidays: full dates (YYYY-MM-DD, one year) or MM-DD (every year). */
export type HolidayList = readonly string[]

interface HolidaySet {
  fullDates: Set<string>
  monthDays: Set<string>
}

function holidaySet(extra: HolidayList): HolidaySet {
  const set: HolidaySet = { fullDates: new Set(), monthDays: new Set(VIETNAM_FIXED_HOLIDAYS) }
  for (const day of extra) {
    if (isIsoDate(day)) set.fullDates.add(day)
    else if (MONTH_DAY.test(day)) set.monthDays.add(day)
    else throw new PeriodError('PERIOD_INVALID_DATE', `Ngày nghỉ "${day}" không hợp lệ (YYYY-MM-DD hoặc MM-DD)`)
  }
  return set
}

function isWorking(date: string, set: HolidaySet): boolean {
  const dow = dayOfWeek(date)
  if (dow === 0 || dow === 6) return false
  return !set.fullDates.has(date) && !set.monthDays.has(date.slice(5))
}

export function isWorkingDay(date: string, holidays: HolidayList = []): boolean {
  return isWorking(date, holidaySet(holidays))
}

/** The date `days` working days after `date` (`date` itself never counts); 0 returns `date`. */
export function addWorkingDays(date: string, days: number, holidays: HolidayList = []): string {
  if (!Number.isInteger(days) || days < 0) {
    throw new PeriodError('PERIOD_INVALID_RULE', `Số ngày làm việc phải là số nguyên không âm (nhận ${days})`)
  }
  const set = holidaySet(holidays)
  let current = date
  for (let left = days; left > 0; ) {
    current = addDays(current, 1)
    if (isWorking(current, set)) left--
  }
  return current
}

/** `date` when it is a working day, else the next one. */
export function nextWorkingDay(date: string, holidays: HolidayList = []): string {
  const set = holidaySet(holidays)
  let current = date
  while (!isWorking(current, set)) current = addDays(current, 1)
  return current
}
