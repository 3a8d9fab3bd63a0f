/**
 * Formula-injection guard for text written into exported workbooks (OWASP ASVS 1.2.10).
 *
 * exceljs already writes plain strings as string cells (only `{ formula }` objects become formulas), but a user who
 * re-edits such a cell in Excel or LibreOffice (F2, Enter) turns "=HYPERLINK(…)" into a live formula. We therefore
 * prefix text that starts with `=`, `+`, `-`, `@`, a tab, CR, LF or NUL with an apostrophe `'` (the OWASP
 * recommendation; visible, unambiguous, and the importer can strip one leading `'` that precedes such a character).
 */
const DANGEROUS_START = /^[=+\-@\t\r\n\0]/

export const INJECTION_PREFIX = "'"

export function neutralizeText(text: string): string {
  return DANGEROUS_START.test(text) ? INJECTION_PREFIX + text : text
}

/** Inverse for readers: removes the one apostrophe this module adds. */
export function unneutralizeText(text: string): string {
  return text.startsWith(INJECTION_PREFIX) && DANGEROUS_START.test(text.slice(1)) ? text.slice(1) : text
}

/** Excel refuses to show (and LibreOffice truncates) a cell over 32,767 characters. */
export const EXCEL_CELL_MAX = 32_767
const CUT_NOTE = ' … (đã cắt bớt vì quá giới hạn một ô Excel; xem toàn văn trong hệ thống)'

/** Text as written into an exported cell: neutralized, and cut with a note so it always fits one cell. */
export function excelCellText(text: string): string {
  const safe = neutralizeText(text)
  return safe.length <= EXCEL_CELL_MAX ? safe : safe.slice(0, EXCEL_CELL_MAX - CUT_NOTE.length) + CUT_NOTE
}
