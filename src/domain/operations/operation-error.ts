import { DomainError } from '../domain-error.js'

/**
 * An operator's error (backup, restore, verify, a database in a bad state): a stable code and one message in
 * Vietnamese then English, because the person running the command may be a ward's clerk or a hired administrator.
 */
export class OperationError extends DomainError {
  constructor(code: string, vietnamese: string, english: string) {
    super(code, `${code}: ${vietnamese}\n  (${english})`)
    this.name = 'OperationError'
  }
}
