import { formatDmy, toIsoDate, tryParseIsoDate } from './calendar-date.js'
import { PeriodError } from './period-error.js'
import { adhocPeriod, parsePeriodId, standardPeriod, tryParsePeriodId } from './period-id.js'
import type { Period, PeriodType, StandardPeriodType } from './period-id.js'

const ROMAN = ['I', 'II', 'III', 'IV'] as const

export function periodLabel(period: Period | string): string {
  const p = typeof period === 'string' ? parsePeriodId(period) : period
  switch (p.type) {
    case 'month': return `Tháng ${p.index}/${p.year}`
    case 'quarter': return `Quý ${ROMAN[p.index - 1] ?? p.index}/${p.year}`
    case 'half': return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.year}`
    case 'nine_months': return `9 tháng năm ${p.year}`
    case 'year': return `Năm ${p.year}`
    case 'adhoc': return `Từ ngày ${formatDmy(p.start)} đến ngày ${formatDmy(p.end)}`
  }
}

const TYPE_NAMES: Record<PeriodType, string> = { month: 'tháng', quarter: 'quý', half: '6 tháng', nine_months: '9 tháng', year: 'năm', adhoc: 'đột xuất' }

/** How a clerk names a period type: "quý", "6 tháng", "năm". */
export function periodTypeName(type: PeriodType): string {
  return TYPE_NAMES[type]
}

/**
 * Matching runs on lower-case text without diacritics, so NFC/NFD input, "Quý"/"QUÝ"/"Quy"
 * and Đ written as the look-alike Ð all compare equal.
 */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐÐð]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

type Build = (m: RegExpExecArray) => Period | null

// A year not running on into a range or a fraction ("2026-2030", "2026/27"), but "Quý I/2026." is fine.
const YEAR = String.raw`([1-9]\d{3})(?!\d|\s*[/.\-–]\s*\d)`
// "/2026", "-2026", ". 2026", " năm 2026" or a bare space between the number and the year.
const SEP = String.raw`(?:\s*[/.\-–]\s*|\s+nam\s+|\s+)`
const DATE = String.raw`(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})`
const START = '(?<![a-z0-9])'

function standard(type: StandardPeriodType, year: string | undefined, index: number): Period | null {
  try {
    return standardPeriod(type, Number(year), index)
  } catch {
    return null
  }
}

function date(d: string | undefined, m: string | undefined, y: string | undefined): string | null {
  const iso = toIsoDate(Number(y), Number(m), Number(d))
  return tryParseIsoDate(iso) ? iso : null
}

function quarterIndex(token: string | undefined): number {
  const roman = ROMAN.indexOf((token ?? '').toUpperCase() as (typeof ROMAN)[number])
  return roman >= 0 ? roman + 1 : Number(token)
}

// "N tháng đầu/cuối năm": 3 → quarter, 6 → half, 9 → nine months; a bare "6 tháng năm" means the first half.
function monthsFromStart(count: string | undefined, edge: string | undefined, year: string | undefined): Period | null {
  const n = ({ ba: 3, sau: 6, chin: 9 } as Record<string, number>)[count ?? ''] ?? Number(count)
  const last = edge === 'cuoi'
  if (n === 3) return standard('quarter', year, last ? 4 : 1)
  if (n === 6) return standard('half', year, last ? 2 : 1)
  if (n === 9 && !last) return standard('nine_months', year, 1)
  return null
}

// Ordered most specific first: at equal positions the earlier pattern wins in findPeriodInText.
const PATTERNS: ReadonlyArray<{ source: string; build: Build }> = [
  {
    source: String.raw`${START}tu (?:ngay )?${DATE} den (?:het )?(?:ngay )?${DATE}(?!\d)`,
    build: (m) => {
      const start = date(m[1], m[2], m[3])
      const end = date(m[4], m[5], m[6])
      return start && end && start <= end ? adhocPeriod(start, end) : null
    },
  },
  {
    source: String.raw`${START}(3|6|9|ba|sau|chin) thang(?: (dau|cuoi))?(?: nam)?\s*[/\s]\s*${YEAR}`,
    build: (m) => monthsFromStart(m[1], m[2], m[3]),
  },
  {
    source: String.raw`${START}quy\s*(iv|iii|ii|i|0?[1-4])${SEP}${YEAR}`,
    build: (m) => standard('quarter', m[2], quarterIndex(m[1])),
  },
  {
    // Not a date line: "ngày 15 tháng 3 năm 2026" names a day, not a reporting month.
    source: String.raw`${START}(?<!ngay\s*\d{1,2}\s*)thang\s*(0?[1-9]|1[0-2])${SEP}${YEAR}`,
    build: (m) => standard('month', m[2], Number(m[1])),
  },
  {
    // Not the tail of a longer phrase ("tháng 3 năm 2026", "5 tháng đầu năm 2026", "quý I năm 2026").
    source: String.raw`${START}(?<!(?:thang|quy)\s*[a-z0-9]*\s*(?:dau|cuoi)?\s*)(?:ca )?nam\s*${YEAR}`,
    build: (m) => standard('year', m[1], 1),
  },
]

const ANCHORED = PATTERNS.map(({ source, build }) => ({ re: new RegExp(`^${source}$`, 'u'), build }))
const FLOATING = PATTERNS.map(({ source, build }) => ({ re: new RegExp(source, 'gu'), build }))

export function parsePeriodLabel(text: string): Period {
  const raw = typeof text === 'string' ? text : ''
  const byId = tryParsePeriodId(raw.trim().toUpperCase())
  if (byId) return byId
  const folded = fold(raw).replace(/^[\s.,:;]+|[\s.,:;]+$/g, '')
  for (const { re, build } of ANCHORED) {
    const m = re.exec(folded)
    const period = m ? build(m) : null
    if (period) return period
  }
  throw new PeriodError('PERIOD_INVALID_LABEL', `Không nhận dạng được kỳ báo cáo "${raw.trim()}"`)
}

export function tryParsePeriodLabel(text: string): Period | null {
  try {
    return parsePeriodLabel(text)
  } catch {
    return null
  }
}

/** The first period named in a longer line ("BÁO CÁO … QUÝ I/2026", "Kỳ báo cáo: 6 tháng đầu năm 2026"). */
export function findPeriodInText(text: string): Period | null {
  const folded = fold(text)
  let best: { at: number; period: Period } | null = null
  for (const { re, build } of FLOATING) {
    re.lastIndex = 0
    for (let m = re.exec(folded); m; m = re.exec(folded)) {
      if (best && m.index >= best.at) break
      const period = build(m)
      if (period) {
        best = { at: m.index, period }
        break
      }
    }
  }
  return best?.period ?? null
}
