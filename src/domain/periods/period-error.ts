import { DomainError } from '../domain-error.js'

/** Codes callers may switch on; messages are Vietnamese because they reach end users unchanged. */
export type PeriodErrorCode =
  | 'PERIOD_INVALID_ID'
  | 'PERIOD_INVALID_LABEL'
  | 'PERIOD_INVALID_DATE'
  | 'PERIOD_INVALID_RANGE'
  | 'PERIOD_INVALID_TYPE'
  | 'PERIOD_INVALID_RULE'

/** A period the user typed or a rule the seeds gave is not valid: one of the DomainError family, so it takes the same path. */
export class PeriodError extends DomainError {
  constructor(code: PeriodErrorCode, message: string) {
    super(code, message)
    this.name = 'PeriodError'
  }
}
