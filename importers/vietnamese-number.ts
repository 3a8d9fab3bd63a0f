// Numbers typed as text into report cells. Vietnamese writes "1.250" for 1250 and "75,5" for 75.5, but files also
// carry English "1,250.5" and plain "75.5". Decisions:
// - Both "." and "," present: the one that comes last is the decimal separator, the other groups thousands.
// - One kind of separator, used more than once ("1.250.000", "1,250,000"): thousands.
// - A single "." followed by exactly three digits after a non-zero integer part ("1.250") groups thousands;
//   any other single "." ("1.25", "75.5", "0.985") is a decimal point.
// - A single "," is a decimal comma even before three digits ("1,250" = 1.25): the Vietnamese reading wins.
// - Spaces (also NBSP, narrow NBSP) may group thousands ("1 250", "1 250,5"), only in groups of three.
// - A trailing "%" marks a percentage; the value is the number as written ("98,5%" → 98.5).
// Anything else ("12abc", "1.2.3", "1e5", "") is not a number: null, never NaN or Infinity.

export interface ParsedNumber {
  readonly value: number
  readonly percent: boolean
}

const SPACES = /[\s\u00a0\u202f\u2007]+/g
const MINUS = /^[-\u2212\u2012\u2013]/

function group(sep: string): RegExp {
  const s = sep === '.' ? '\\.' : sep
  return new RegExp(`^\\d{1,3}(?:${s}\\d{3})+$`)
}
const DOT_GROUPED = group('.')
const COMMA_GROUPED = group(',')
const SPACE_GROUPED = /^\d{1,3}(?: \d{3})+$/

/** The integer and fraction digits of an unsigned numeral, or null when it is not one. */
function splitNumeral(body: string): { int: string; frac: string } | null {
  const spaced = body.replace(SPACES, ' ')
  if (spaced.includes(' ')) {
    // Spaces only group the integer part; a decimal comma or point may follow.
    const m = /^([\d ]+)(?:[.,](\d+))?$/.exec(spaced)
    if (!m || !SPACE_GROUPED.test(m[1] ?? '')) return null
    return { int: (m[1] ?? '').replace(/ /g, ''), frac: m[2] ?? '' }
  }
  if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) return null
  const lastDot = body.lastIndexOf('.')
  const lastComma = body.lastIndexOf(',')
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalAt = Math.max(lastDot, lastComma)
    const int = body.slice(0, decimalAt)
    const frac = body.slice(decimalAt + 1)
    const grouping = lastDot > lastComma ? COMMA_GROUPED : DOT_GROUPED
    if (!grouping.test(int) || !/^\d+$/.test(frac)) return null
    return { int: int.replace(/[.,]/g, ''), frac }
  }
  const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null
  if (sep === null) return { int: body, frac: '' }
  const parts = body.split(sep)
  if (parts.length > 2) {
    return (sep === '.' ? DOT_GROUPED : COMMA_GROUPED).test(body) ? { int: parts.join(''), frac: '' } : null
  }
  const [int = '', frac = ''] = parts
  if (frac === '' || !/^\d*$/.test(int)) return null
  if (sep === '.' && frac.length === 3 && /^[1-9]\d{0,2}$/.test(int)) return { int: int + frac, frac: '' }
  return { int: int === '' ? '0' : int, frac }
}

/** Parses a number typed as text; see the decisions at the top of this file. */
export function parseVietnameseNumber(input: string): ParsedNumber | null {
  let s = input.replace(SPACES, ' ').trim()
  if (s === '') return null
  let percent = false
  if (s.endsWith('%')) {
    percent = true
    s = s.slice(0, -1).trimEnd()
  }
  let negative = false
  if (MINUS.test(s)) {
    negative = true
    s = s.slice(1).trimStart()
  } else if (s.startsWith('+')) {
    s = s.slice(1).trimStart()
  }
  const numeral = splitNumeral(s)
  if (!numeral || !/^\d+$/.test(numeral.int) || !/^\d*$/.test(numeral.frac)) return null
  const value = Number(`${numeral.int}${numeral.frac ? `.${numeral.frac}` : ''}`)
  if (!Number.isFinite(value)) return null
  // `+ 0` turns -0 into 0 so "-0" does not print as "-0" downstream.
  return { value: (negative ? -value : value) + 0, percent }
}

export interface NumberComponents {
  readonly numerator: number | null
  readonly denominator: number | null
  readonly percent: number | null
}

// A numeral inside prose: digits with inner separators, never ending on one ("99,16%." keeps the full stop out).
const NUMERAL = String.raw`\d+(?:[.,]\d+)*`
const FRACTION = new RegExp(String.raw`(?<![\d.,/])(${NUMERAL})\s*/\s*(${NUMERAL})(?![\d.,]*\s*/\s*\d)`, 'g')
const PERCENT = new RegExp(String.raw`(?<![\d.,])(${NUMERAL})\s*%`)
// "ngày 09/9", "tháng 9/2025", "quý 1/2025": dates, not achieved/total pairs.
const DATE_CONTEXT = /(?:ngày|tháng|năm|quý|qúy)\s*$/iu

/**
 * Pulls the figures out of prose such as "35.599/35.900 đảng viên, đạt 99,16%":
 * the first "a/b" pair that is not a date, and the first percentage. Absent parts are null.
 */
export function parseComponentsText(s: string): NumberComponents {
  const text = s.normalize('NFC').replace(SPACES, ' ')
  let numerator: number | null = null
  let denominator: number | null = null
  for (const m of text.matchAll(FRACTION)) {
    if (DATE_CONTEXT.test(text.slice(Math.max(0, m.index - 8), m.index))) continue
    const a = parseVietnameseNumber(m[1] ?? '')
    const b = parseVietnameseNumber(m[2] ?? '')
    if (!a || !b) continue
    numerator = a.value
    denominator = b.value
    break
  }
  const p = PERCENT.exec(text)
  const percent = p ? (parseVietnameseNumber(p[1] ?? '')?.value ?? null) : null
  return { numerator, denominator, percent }
}
