// Text arrives from Excel typed by hand: NFC or NFD, two tone-mark placements, stray invisible characters.
// These helpers give one canonical form for storage and one folded form for matching.
import { remembered } from './remembered.js'

// Invisible characters that survive copy-paste from Word/web pages and would split or pad words.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g
// C0/C1 control characters other than whitespace carry no text; \s below handles tabs and newlines.
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g
// JS \s covers NBSP, narrow NBSP, U+2000–U+200A, line/paragraph separators and ideographic space.
const WHITESPACE_RUN = /\s+/g

/**
 * NFC, invisible characters removed, every whitespace run (NBSP, tab, newline…) as one space, trimmed.
 * Run legacy-font conversion (importers/legacy-encoding) first: TCVN3 uses U+00AD for "ư".
 */
export function normalizeText(s: string): string {
  return s.normalize('NFC').replace(INVISIBLE, '').replace(CONTROL, '').replace(WHITESPACE_RUN, ' ').trim()
}

const TONE_MARKS = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'] as const

interface TonedVowel {
  readonly base: string
  readonly mark: string
}

// Precomposed toned forms of the plain vowels that can take part in the oa/oe/uy clusters.
const TONED = new Map<string, TonedVowel>()
const WITH_TONE = new Map<string, string>()
for (const base of ['a', 'e', 'o', 'u', 'y', 'A', 'E', 'O', 'U', 'Y']) {
  for (const mark of TONE_MARKS) {
    const toned = (base + mark).normalize('NFC')
    TONED.set(toned, { base, mark })
    WITH_TONE.set(base + mark, toned)
  }
}

function addTone(base: string, mark: string): string {
  return WITH_TONE.get(base + mark) ?? (base + mark).normalize('NFC')
}

// A glide + vowel pair that closes the syllable: nothing letter-like may follow ("hoàn", "ngoài" are left alone).
// The pair is matched on NFC text, so the second character is a precomposed toned vowel.
const CLOSING_PAIR = /([oOuU])(\p{L})(?![\p{L}\p{M}\p{N}])/gu
// "qu" + toned y: the u belongs to the consonant, so the tone must sit on y ("qúy" is a typo for "quý").
const QU_PAIR = /([qQ])([ùúủũụÙÚỦŨỤ])([yY])(?![\p{L}\p{M}\p{N}])/gu

/**
 * Canonical tone placement for the closing clusters oa, oe, uy: the mark goes on the first vowel
 * ("Hoà"→"Hòa", "Thuỷ"→"Thủy", "uỷ"→"ủy", "khoẻ"→"khỏe"), which is how most Unicode keyboards type them
 * by default; Party documents often use the other placement. Syllables with a final consonant or a
 * third vowel ("hoàn", "ngoài", "khuỷu", "thuyền") have one correct placement and are not touched,
 * nor is "quý" (qu + y). Result is NFC.
 */
export function normalizeToneMarks(s: string): string {
  const nfc = s.normalize('NFC')
  const moved = nfc.replace(CLOSING_PAIR, (whole, first: string, second: string, offset: number, input: string) => {
    const toned = TONED.get(second)
    if (!toned) return whole
    const lowerFirst = first.toLowerCase()
    const lowerSecond = toned.base.toLowerCase()
    const cluster = lowerFirst + lowerSecond
    if (cluster !== 'oa' && cluster !== 'oe' && cluster !== 'uy') return whole
    if (cluster === 'uy' && (input[offset - 1] === 'q' || input[offset - 1] === 'Q')) return whole
    return addTone(first, toned.mark) + toned.base
  })
  return moved.replace(QU_PAIR, (whole, q: string, u: string, y: string) => {
    const toned = TONED.get(u)
    if (!toned) return whole
    return q + toned.base + addTone(y, toned.mark)
  })
}

// Ð (U+00D0, Icelandic eth) is regularly typed for Đ by people without a Vietnamese keyboard.
const D_STROKE = /[đð]/g

/**
 * Accent-, case- and spacing-insensitive key for search and label matching:
 * "Phúc Lợi", "phuc loi", "PHÚC  LỢI" and the NFD or "Hoà"/"Hòa" variants all fold to the same string.
 */
export const foldForSearch = remembered((s: string): string =>
  normalizeText(s).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(D_STROKE, 'd'),
)

/**
 * Vietnamese dictionary order from ICU: a ă â b c d đ e ê …, tones secondary (ngang, huyền, hỏi, ngã,
 * sắc, nặng), case tertiary. `numeric` so "Tổ 2" sorts before "Tổ 10" in unit lists.
 */
export const vietnameseCollator = new Intl.Collator('vi', { usage: 'sort', numeric: true })

/** False when Node runs without full ICU data: 'vi' silently falls back to root order, which puts Đ after Z. */
export const VIETNAMESE_COLLATION_AVAILABLE = vietnameseCollator.resolvedOptions().locale.startsWith('vi')

/** Sorts in Vietnamese order; "Hoà" and "Hòa" (two placements of the same tone) compare equal. */
export function compareVietnamese(a: string, b: string): number {
  return vietnameseCollator.compare(normalizeToneMarks(a), normalizeToneMarks(b))
}
