import type { Alignment, Borders, Font } from 'exceljs'

export const FONT_NAME = 'Times New Roman'

export function font(extra: Partial<Font> = {}): Partial<Font> {
  return { name: FONT_NAME, size: 12, ...extra }
}

const thin = { style: 'thin' as const }
export const BORDER_ALL: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin }

export const CENTER: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true }
export const LEFT_WRAP: Partial<Alignment> = { horizontal: 'left', vertical: 'middle', wrapText: true }
export const RIGHT: Partial<Alignment> = { horizontal: 'right', vertical: 'middle' }

export const FORMAT_INTEGER = '#,##0'
export const FORMAT_DECIMAL = '#,##0.00'
export const FORMAT_PERCENT = '0.0%'

/** A4 portrait/landscape, fit to one page wide, title rows repeated on every page. */
export function a4PageSetup(landscape: boolean, titleRows: { from: number; to: number } | null) {
  return {
    paperSize: 9,
    orientation: landscape ? ('landscape' as const) : ('portrait' as const),
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(titleRows ? { printTitlesRow: `${titleRows.from}:${titleRows.to}` } : {}),
  }
}

/** Excel column letters for a 1-based index. */
export function columnLetter(index: number): string {
  let n = index
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

export const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV']

export function roman(n: number): string {
  return ROMAN[n - 1] ?? String(n)
}
