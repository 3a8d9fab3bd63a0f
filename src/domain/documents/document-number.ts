// Số/ký hiệu of Party and State documents.
// Party (HD 36-HD/VPTW): NUMBER-TYPE/ISSUER, e.g. "72-NQ/TW", "06-CTr/TU", draft "-KH/ĐU".
// State (ND 30/2020/NĐ-CP): NUMBER/TYPE-ISSUER, NUMBER/YEAR/TYPE-ISSUER, e.g. "282/NQ-CP", "09/2019/NĐ-CP";
// công văn and laws carry no type: "123/UBND-VP", "202/2025/QH15".

export type DocumentSystem = 'party' | 'state'

export interface DocumentNumber {
  /** Normalized symbol: numbers padded to two digits, canonical letter case, e.g. "06-CTr/TU". */
  readonly symbol: string
  /** Null in drafts, where the number is filled in on signing ("-KH/ĐU", "/KH-UBND"). */
  readonly number: number | null
  /** Only State legal documents carry a year ("09/2019/NĐ-CP"). */
  readonly year: number | null
  /** Null for State symbols without a type part: công văn ("123/UBND-VP") and laws ("202/2025/QH15"). */
  readonly type: string | null
  readonly issuer: string
  readonly system: DocumentSystem
}

export type DocumentNumberParts = Omit<DocumentNumber, 'symbol' | 'year'> & { readonly year?: number | null }

export class DocumentNumberError extends Error {
  // Plain fields rather than parameter properties so the file stays erasable-syntax only.
  readonly code = 'DOCUMENT_INVALID_NUMBER'
  readonly input: string

  constructor(input: string, message?: string) {
    const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input
    super(message ?? `"${shown}" không phải số/ký hiệu văn bản hợp lệ (ví dụ đúng: 72-NQ/TW, 282/NQ-CP, 09/2019/NĐ-CP).`)
    this.name = 'DocumentNumberError'
    this.input = input
  }
}

// Type abbreviations from HD 36-HD/VPTW (Party) and ND 30/2020 appendix III (State), canonical spelling.
// Lower case inside an abbreviation is meaningful ("CTr" chương trình vs "CT" chỉ thị), so it is restored.
const KNOWN_TYPES = [
  'NQ', 'QĐ', 'QĐi', 'QyĐ', 'CT', 'KL', 'QC', 'HD', 'BC', 'KH', 'CTr', 'TB', 'TTr', 'ĐA', 'DA', 'PA', 'CV',
  'BB', 'HĐ', 'CĐ', 'BGN', 'BTT', 'GUQ', 'GM', 'GGT', 'GNP', 'GXN', 'PG', 'PC', 'PB', 'NĐ', 'TT', 'TTLT', 'NQLT',
]
const CANONICAL = new Map<string, string>(KNOWN_TYPES.map((t) => [t.toUpperCase(), t]))
// Issuer abbreviations with meaningful lower case (Thủ tướng Chính phủ).
const MIXED_CASE_ISSUERS = new Map<string, string>([['TTG', 'TTg']])

function knownType(raw: string): string | undefined {
  return CANONICAL.get(raw.toUpperCase())
}

function canonicalIssuerToken(raw: string): string {
  const upper = raw.toUpperCase()
  return MIXED_CASE_ISSUERS.get(upper) ?? upper
}

function isUpperCaseToken(raw: string): boolean {
  return raw === raw.toUpperCase() || MIXED_CASE_ISSUERS.get(raw.toUpperCase()) === raw
}

const TOKEN = '[A-Za-zĐđ0-9]+'
const WORD = '[A-Za-zĐđ][A-Za-zĐđ0-9]*'
// Not preceded by an ASCII letter, digit or separator: rejects "V/v", "T/M", "b/c" and pieces of dates.
// Vietnamese letters may precede ("số72-NQ/TW").
const SYMBOL = new RegExp(
  String.raw`(?<![A-Za-z0-9/.,\-])(?:` +
    String.raw`(?<pNum>\d{1,5})?\s*-\s*(?<pType>[A-Za-zĐđ]{1,6})\s*/\s*(?<pIssuer>${TOKEN}(?:-${TOKEN})*)` +
    '|' +
    String.raw`(?<sNum>\d{1,5})?(?:\s*/\s*(?<sYear>(?:19|20)\d{2}))?\s*/\s*(?<sRest>${WORD}(?:-${TOKEN})*)` +
    String.raw`)(?![\p{L}\p{N}])`,
  'gu',
)

function prepare(s: string): string {
  return (
    s
      .normalize('NFC')
      // Ð (eth) is typed for Đ without a Vietnamese keyboard; en/em dashes and minus signs come from Word.
      .replace(/Ð/g, 'Đ')
      .replace(/ð/g, 'đ')
      .replace(/[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g, '-')
      .replace(/[\u2044\u2215\uff0f]/g, '/')
      .replace(/\s+/g, ' ')
  )
}

function toNumber(digits: string | undefined): number | null {
  return digits === undefined ? null : Number.parseInt(digits, 10)
}

function fromMatch(groups: Record<string, string | undefined>): DocumentNumber | null {
  if (groups['pType'] !== undefined) {
    const type = knownType(groups['pType'])
    const issuer = groups['pIssuer']
    if (!type || !issuer) return null
    return build({ number: toNumber(groups['pNum']), type, issuer: issuer.split('-').map(canonicalIssuerToken).join('-'), system: 'party' })
  }
  const rest = groups['sRest']
  if (!rest) return null
  const tokens = rest.split('-')
  const number = toNumber(groups['sNum'])
  const year = toNumber(groups['sYear'])
  const first = knownType(tokens[0] ?? '')
  if (first && tokens.length >= 2) {
    return build({ number, year, type: first, issuer: tokens.slice(1).map(canonicalIssuerToken).join('-'), system: 'state' })
  }
  if (first) return null
  // No type: accept only what cannot be ordinary words ("60/ha"): upper-case tokens, and either a number or
  // an ISSUER-UNIT pair ("Số:   /UBND-VP").
  if (!tokens.every(isUpperCaseToken)) return null
  if (number === null && year === null && tokens.length < 2) return null
  return build({ number, year, type: null, issuer: tokens.map(canonicalIssuerToken).join('-'), system: 'state' })
}

function build(parts: DocumentNumberParts): DocumentNumber {
  return {
    symbol: formatDocumentNumber(parts),
    number: parts.number,
    year: parts.year ?? null,
    type: parts.type,
    issuer: parts.issuer,
    system: parts.system,
  }
}

/**
 * Finds the first document symbol in `s` ("Số: 282/NQ-CP", "Nghị quyết số 72 - NQ/TW", NFD or lower case
 * input) and splits it. Throws DocumentNumberError when there is none.
 */
export function parseDocumentNumber(s: string): DocumentNumber {
  const prepared = prepare(s)
  for (const match of prepared.matchAll(SYMBOL)) {
    const parsed = match.groups ? fromMatch(match.groups) : null
    if (parsed) return parsed
  }
  throw new DocumentNumberError(s.trim())
}

function padNumber(n: number | null): string {
  if (n === null) return ''
  // Official style writes numbers below 10 with a leading zero ("06-CTr/TU", "09/2019/NĐ-CP").
  return String(n).padStart(2, '0')
}

/** The normalized symbol for the given parts; throws DocumentNumberError for parts no document can have. */
export function formatDocumentNumber(parts: DocumentNumberParts): string {
  const { number, type, issuer, system } = parts
  const year = parts.year ?? null
  const describe = JSON.stringify(parts)
  if (number !== null && (!Number.isSafeInteger(number) || number < 1)) {
    throw new DocumentNumberError(describe, `Số văn bản phải là số nguyên dương (nhận được ${number}).`)
  }
  if (year !== null && (!Number.isInteger(year) || year < 1900 || year > 2099)) {
    throw new DocumentNumberError(describe, `Năm trong ký hiệu văn bản không hợp lệ (nhận được ${year}).`)
  }
  if (!/^[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)*$/.test(issuer)) {
    throw new DocumentNumberError(describe, `Cơ quan ban hành "${issuer}" trong ký hiệu văn bản không hợp lệ.`)
  }
  if (system === 'party') {
    if (type === null || year !== null) {
      throw new DocumentNumberError(describe, 'Ký hiệu văn bản của Đảng phải có loại văn bản và không ghi năm (ví dụ 72-NQ/TW).')
    }
    return `${padNumber(number)}-${type}/${issuer}`
  }
  const yearPart = year === null ? '' : `/${year}`
  const typePart = type === null ? '' : `${type}-`
  return `${padNumber(number)}${yearPart}/${typePart}${issuer}`
}
