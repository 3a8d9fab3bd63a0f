/** Codes callers may switch on; messages are Vietnamese because they reach end users unchanged. */
export type PeriodErrorCode =
  | 'PERIOD_INVALID_ID'
  | 'PERIOD_INVALID_LABEL'
  | 'PERIOD_INVALID_DATE'
  | 'PERIOD_INVALID_RANGE'
  | 'PERIOD_INVALID_TYPE'
  | 'PERIOD_INVALID_RULE'

export class PeriodError extends Error {
  // A plain field rather than a parameter property so the file stays erasable-syntax only.
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.name = 'PeriodError'
    this.code = code
  }
}
