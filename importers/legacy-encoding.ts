// Pre-Unicode Vietnamese fonts. Excel stores what was typed as the Latin-1 characters of the legacy byte codes,
// and only the cell's font makes them look Vietnamese; we turn them into the Unicode letters they display.
// Tables are built here from the charset layouts rather than taken from `vietnamese-conversion`, whose VNI
// table has ỷ/ỹ wrong (it maps them to ë/ì, which are the VNI codes for "dot + breve" and "ì").

export type LegacyEncoding = 'tcvn3' | 'vni'

/**
 * ".Vn…" fonts (".VnTime", ".VnTimeH", ".VnArial") are TCVN3/ABC; "VNI-…" fonts ("VNI-Times") are VNI-Windows.
 * Anything else (Times New Roman, Arial, no font) is Unicode.
 */
export function detectLegacyFont(fontName: string | undefined): LegacyEncoding | null {
  const name = fontName?.trim() ?? ''
  if (/^\.vn/i.test(name)) return 'tcvn3'
  if (/^vni[-_ ]/i.test(name)) return 'vni'
  return null
}

/**
 * TCVN3 capital fonts (".VnTimeH", ".VnArialH", ".VnAvantH") draw every code, lower case included, as a capital:
 * the file holds "®¶ng" where the reader sees "ĐẢNG".
 */
export function isLegacyCapitalFont(fontName: string | undefined): boolean {
  const name = fontName?.trim() ?? ''
  return /^\.vn/i.test(name) && name.endsWith('H')
}

// Tone order of the rows below: none, huyền, hỏi, ngã, sắc, nặng.
const TONE_MARKS = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'] as const

// TCVN3 (TCVN 5712:1993, VN3) single-byte codes, shown as their Latin-1 characters.
const TCVN3_GRID: Record<string, readonly string[]> = {
  a: ['a', 'µ', '¶', '·', '¸', '¹'],
  ă: ['¨', '»', '¼', '½', '¾', 'Æ'],
  â: ['©', 'Ç', 'È', 'É', 'Ê', 'Ë'],
  e: ['e', 'Ì', 'Î', 'Ï', 'Ð', 'Ñ'],
  ê: ['ª', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö'],
  i: ['i', '×', 'Ø', 'Ü', 'Ý', 'Þ'],
  o: ['o', 'ß', 'á', 'â', 'ã', 'ä'],
  ô: ['«', 'å', 'æ', 'ç', 'è', 'é'],
  ơ: ['¬', 'ê', 'ë', 'ì', 'í', 'î'],
  u: ['u', 'ï', 'ñ', 'ò', 'ó', 'ô'],
  ư: ['\u00ad', 'õ', 'ö', '÷', 'ø', 'ù'],
  y: ['y', 'ú', 'û', 'ü', 'ý', 'þ'],
}
// VN3 has capitals only for the letters without a tone.
const TCVN3_SINGLES: Record<string, string> = { '®': 'đ', '§': 'Đ', '¡': 'Ă', '¢': 'Â', '£': 'Ê', '¤': 'Ô', '¥': 'Ơ', '¦': 'Ư' }

// VNI-Windows: a base letter followed by one or two mark codes; ơ ư đ and most of i, plus ỵ, are single codes.
const VNI_TONES = ['', 'ø', 'û', 'õ', 'ù', 'ï'] as const
const VNI_CIRCUMFLEX = ['â', 'à', 'å', 'ã', 'á', 'ä'] as const
const VNI_BREVE = ['ê', 'è', 'ú', 'ü', 'é', 'ë'] as const
const VNI_SINGLE_I = ['i', 'ì', 'æ', 'ó', 'í', 'ò'] as const

function tone(base: string, index: number): string {
  return (base + (TONE_MARKS[index] ?? '')).normalize('NFC')
}

// The code a TCVN3 writer uses for each base letter's capital.
const TCVN3_CAPITAL: Record<string, string> = { a: 'A', ă: '¡', â: '¢', e: 'E', ê: '£', i: 'I', o: 'O', ô: '¤', ơ: '¥', u: 'U', ư: '¦', y: 'Y' }

function buildTcvn3(): Map<string, string> {
  const map = new Map<string, string>()
  for (const [base, codes] of Object.entries(TCVN3_GRID)) {
    codes.forEach((code, i) => {
      if (code !== base) map.set(code, tone(base, i))
      // Some converters (vietnamese-conversion among them) spell toned capitals, which VN3 lacks, as the plain
      // capital followed by the toned small letter ("A¶" for Ả). "Aả" is never Vietnamese, so reading it as Ả is safe.
      if (i > 0) map.set((TCVN3_CAPITAL[base] ?? base.toUpperCase()) + code, tone(base.toUpperCase(), i))
    })
  }
  for (const [code, letter] of Object.entries(TCVN3_SINGLES)) map.set(code, letter)
  return map
}

function buildVni(): Map<string, string> {
  const map = new Map<string, string>()
  // A mark code is matched in either case: the driver emits it in the base letter's case, but hand edits mix them.
  // The mark codes never stand alone in VNI, so this cannot misread another letter.
  const add = (base: string, mark: string, letter: string): void => {
    map.set(base + mark.toLowerCase(), letter)
    map.set(base + mark.toUpperCase(), letter)
  }
  for (const lower of [true, false]) {
    const c = (s: string): string => (lower ? s : s.toUpperCase())
    const vowels: Array<[string, string, readonly string[]]> = [
      ['a', 'a', VNI_TONES],
      ['â', 'a', VNI_CIRCUMFLEX],
      ['ă', 'a', VNI_BREVE],
      ['e', 'e', VNI_TONES],
      ['ê', 'e', VNI_CIRCUMFLEX],
      ['o', 'o', VNI_TONES],
      ['ô', 'o', VNI_CIRCUMFLEX],
      ['ơ', 'ô', VNI_TONES],
      ['u', 'u', VNI_TONES],
      ['ư', 'ö', VNI_TONES],
      ['y', 'y', VNI_TONES],
    ]
    for (const [letter, base, marks] of vowels) {
      marks.forEach((mark, i) => {
        if (mark !== '') add(c(base), mark, c(tone(letter, i)))
      })
    }
    VNI_SINGLE_I.forEach((code, i) => {
      if (i > 0) map.set(c(code), c(tone('i', i)))
    })
    // ỵ is a single code; its two-code spelling "yï" is also accepted by the loop above.
    map.set(c('î'), c('ỵ'))
    map.set(c('ñ'), c('đ'))
    map.set(c('ô'), c('ơ'))
    map.set(c('ö'), c('ư'))
  }
  return map
}

interface Decoder {
  readonly map: ReadonlyMap<string, string>
  readonly pattern: RegExp
}

function decoder(map: Map<string, string>): Decoder {
  // Longest sequences first: "ôù" (ớ) must win over "ô" (ơ).
  const keys = [...map.keys()].sort((a, b) => b.length - a.length)
  const escaped = keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return { map, pattern: new RegExp(escaped.join('|'), 'gu') }
}

const DECODERS: Record<LegacyEncoding, Decoder> = { tcvn3: decoder(buildTcvn3()), vni: decoder(buildVni()) }

// Vietnamese letters outside Latin-1 (ă đ ĩ ũ ơ ư and the U+1EA0–U+1EF9 block) or combining tone/shape marks.
// Legacy text in a cell is made only of Latin-1 characters, so one of these means someone already converted it.
const UNICODE_ONLY_VIETNAMESE = /[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]/u

/**
 * True when `s` contains a Vietnamese letter that no legacy code can produce (ả, ư, đ, ệ … or a combining mark).
 * Text using only Latin-1 Vietnamese letters ("Tô Hà") cannot be told apart from legacy text and returns false.
 */
export function looksLikeUnicodeVietnamese(s: string): boolean {
  return UNICODE_ONLY_VIETNAMESE.test(s)
}

export interface LegacyConversionOptions {
  /** The text is in a TCVN3 capital font (".VnTimeH"): the result is upper-cased as the font draws it. */
  readonly capitals?: boolean
}

/**
 * Converts TCVN3 or VNI-Windows text to NFC Unicode. Text that already contains Unicode-only Vietnamese
 * letters is returned unchanged: a converter run over Unicode destroys it ("ô" is "ụ" in TCVN3), and a cell
 * keeps its old font after its text is converted, so a legacy font name alone does not prove legacy text.
 * Limit: Unicode text whose Vietnamese letters all happen to be Latin-1 ("Tô Hà") cannot be recognised and is
 * converted; the font is then the only evidence, and it says legacy.
 */
export function convertLegacyText(text: string, encoding: LegacyEncoding, options: LegacyConversionOptions = {}): string {
  if (text === '' || looksLikeUnicodeVietnamese(text)) return text
  const { map, pattern } = DECODERS[encoding]
  const converted = text.replace(pattern, (code) => map.get(code) ?? code).normalize('NFC')
  return options.capitals ? converted.toUpperCase() : converted
}

/** Convenience for importers: converts `text` according to the font the cell (or rich-text run) is shown in. */
export function convertTextForFont(text: string, fontName: string | undefined): string {
  const encoding = detectLegacyFont(fontName)
  if (encoding === null) return text
  return convertLegacyText(text, encoding, { capitals: encoding === 'tcvn3' && isLegacyCapitalFont(fontName) })
}
