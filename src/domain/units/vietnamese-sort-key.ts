// Vietnamese alphabet order: letters with breve, circumflex or horn, and đ, are letters of their own.
const ALPHABET = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z']
const RANK = new Map(ALPHABET.map((letter, i) => [letter, i]))
const SHAPE_MARKS: Record<string, string> = { '\u0306': 'breve', '\u0302': 'circumflex', '\u031b': 'horn' }
// Dictionary order of tones: none, huyền, hỏi, ngã, sắc, nặng.
const TONES: Record<string, number> = { '\u0300': 1, '\u0309': 2, '\u0303': 3, '\u0301': 4, '\u0323': 5 }
const SHAPED: Record<string, string> = { abreve: 'ă', acircumflex: 'â', ecircumflex: 'ê', ocircumflex: 'ô', ohorn: 'ơ', uhorn: 'ư' }

/**
 * A string whose plain byte order (SQLite BINARY, PostgreSQL COLLATE "C") is Vietnamese
 * dictionary order, so lists can be sorted and paginated in SQL on both dialects.
 * Primary: base letters in the Vietnamese alphabet; secondary: tones; last: the name itself.
 */
export function vietnameseSortKey(text: string): string {
  const decomposed = text.normalize('NFD').toLowerCase()
  let primary = ''
  let secondary = ''
  for (let i = 0; i < decomposed.length; i++) {
    let ch = decomposed[i] as string
    let tone = 0
    let shape = ''
    while (i + 1 < decomposed.length) {
      const next = decomposed[i + 1] as string
      if (SHAPE_MARKS[next]) shape = SHAPE_MARKS[next]
      else if (TONES[next] !== undefined) tone = TONES[next]
      else break
      i++
    }
    if (shape) ch = SHAPED[ch + shape] ?? ch
    const rank = RANK.get(ch)
    if (rank !== undefined) primary += String.fromCharCode(0x41 + rank)
    else if (/[0-9]/.test(ch)) primary += ch
    else if (/\s/.test(ch)) primary += ' '
    else if (ch.charCodeAt(0) < 0x30) primary += ch
    else primary += ch.charCodeAt(0) < 0x80 ? '~' + ch : ch
    secondary += String(tone)
  }
  return `${primary}\u0001${secondary}\u0001${text.normalize('NFC')}`
}
