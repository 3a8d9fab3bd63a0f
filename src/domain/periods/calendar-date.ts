import { PeriodError } from './period-error.js'

// Dates travel as YYYY-MM-DD strings; all arithmetic goes through UTC midnight so the
// server's timezone (and DST, where it exists) can never shift a day.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

export interface YearMonthDay {
  year: number
  month: number
  day: number
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

export function toIsoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

/** Null for anything that is not a real calendar date (2026-02-30, 2026-2-3, years before 1000). */
export function tryParseIsoDate(text: string): YearMonthDay | null {
  const m = ISO_DATE.exec(text)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return { year, month, day }
}

export function parseIsoDate(text: string): YearMonthDay {
  const ymd = tryParseIsoDate(text)
  if (!ymd) throw new PeriodError('PERIOD_INVALID_DATE', `Ngày "${text}" không hợp lệ (định dạng YYYY-MM-DD)`)
  return ymd
}

export function isIsoDate(text: string): boolean {
  return tryParseIsoDate(text) !== null
}

function toEpochDay(date: string): number {
  const { year, month, day } = parseIsoDate(date)
  return Date.UTC(year, month - 1, day) / DAY_MS
}

function fromEpochDay(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS)
  return toIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days)
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function diffDays(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from)
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function dayOfWeek(date: string): number {
  return new Date(toEpochDay(date) * DAY_MS).getUTCDay()
}

/** Month arithmetic on (year, month) pairs; months are 1-based. */
export function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const zeroBased = year * 12 + (month - 1) + delta
  return { year: Math.floor(zeroBased / 12), month: (zeroBased % 12) + 1 }
}

/** Day `day` of the month, clamped to the month's length (day 31 of February is its last day). */
export function clampedDate(year: number, month: number, day: number): string {
  return toIsoDate(year, month, Math.min(day, daysInMonth(year, month)))
}

export function lastDayOfMonth(year: number, month: number): string {
  return toIsoDate(year, month, daysInMonth(year, month))
}

/** DD/MM/YYYY, the way Vietnamese documents write dates. */
export function formatDmy(date: string): string {
  const { year, month, day } = parseIsoDate(date)
  return `${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`
}
