import { DomainError } from '../domain-error.js'

export class LoginThrottledError extends DomainError {
  readonly retryAfterSeconds: number

  constructor(retryAfterSeconds: number) {
    super('LOGIN_THROTTLED', `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${retryAfterSeconds} giây.`)
    this.retryAfterSeconds = retryAfterSeconds
  }
}
