/** An expected failure with a stable code, a Vietnamese message for the user, and where it happened when that helps. */
export class DomainError extends Error {
  readonly code: string
  readonly place: string | null

  constructor(code: string, message: string, place: string | null = null) {
    super(message)
    this.name = 'DomainError'
    this.code = code
    this.place = place
  }
}
