/**
 * Formula-injection guard for text written into exported workbooks (OWASP ASVS 1.2.10).
 *
 * exceljs writes plain strings as string cells (only `{ formula }` objects become formulas), but a user who re-edits
 * such a cell in Excel or LibreOffice (F2, Enter) would turn "=HYPERLINK(…)" into a live formula. Text that starts
 * with `=`, `+`, `-`, `@`, a tab, CR, LF or NUL is therefore written unchanged but with the cell's quote prefix
 * (`exports/quote-prefix.ts`): it stays text when edited, and the clerk sees and prints exactly what was written
 * ("- Thiếu kinh phí", not "'- Thiếu kinh phí"), which an apostrophe in the value did not give.
 */
const DANGEROUS_START = /^[=+\-@\t\r\n\0]/

export function looksLikeFormula(text: string): boolean {
  return DANGEROUS_START.test(text)
}

/** Excel refuses to show (and LibreOffice truncates) a cell over 32,767 characters. */
export const EXCEL_CELL_MAX = 32_767
const CUT_NOTE = ' … (đã cắt bớt vì quá giới hạn một ô Excel; xem toàn văn trong hệ thống)'

/** Text as written into an exported cell: cut with a note so it always fits one cell (the quote prefix is the style's). */
export function excelCellText(text: string): string {
  return text.length <= EXCEL_CELL_MAX ? text : text.slice(0, EXCEL_CELL_MAX - CUT_NOTE.length) + CUT_NOTE
}
