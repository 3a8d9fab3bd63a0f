/** One thing the importer has to say about an uploaded file: an error blocks the commit, a warning does not. */
export interface ImportFinding {
  readonly severity: 'error' | 'warning'
  /** Stable: IMPORT_NOT_A_NUMBER, FILE_ZIP_BOMB, RETURN_LOCKED… */
  readonly code: string
  /** Vietnamese, for the ward clerk who uploaded the file. */
  readonly message: string
  /** Where, e.g. "Biểu 01!E12"; null when the finding is about the whole file. */
  readonly place: string | null
}

export function importError(code: string, message: string, place: string | null = null): ImportFinding {
  return { severity: 'error', code, message, place }
}

export function importWarning(code: string, message: string, place: string | null = null): ImportFinding {
  return { severity: 'warning', code, message, place }
}

export function hasErrors(findings: readonly ImportFinding[]): boolean {
  return findings.some((f) => f.severity === 'error')
}

/** An indicator as a finding names it: its code and its label, `YT02 (Số người tham gia bảo hiểm y tế)`. */
export function indicatorName(spec: { readonly code: string; readonly label: string }): string {
  return spec.label ? `${spec.code} (${spec.label})` : spec.code
}

/** "Biểu 01!E12"; sheet names with spaces are not quoted: this is for people, not for formulas. */
export function placeOf(sheet: string, address: string): string {
  return `${sheet}!${address}`
}
