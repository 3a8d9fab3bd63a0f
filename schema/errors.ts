import { DomainError } from '../src/domain/domain-error.js'
import { PeriodError } from '../src/domain/periods/period-error.js'
import { builder } from './builder.js'

// The one path for expected failures: a service throws a DomainError (or a subclass); a field that can fail lists
// `errors: { types: [DomainError] }` and the errors plugin turns it into one member of the field's result union.
// Anything else is unexpected and masked by yoga (src/http/error-masking.ts).

/** Expected failures are data: a stable code a client can switch on, and a Vietnamese message for the user. */
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code'),
  }),
})

// Every subclass is a DomainError too: a field that lists only DomainError reports a subclass as DomainError.
builder.objectType(DomainError, {
  name: 'DomainError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof DomainError,
  fields: (t) => ({ place: t.exposeString('place', { nullable: true, description: 'Vị trí lỗi, ví dụ "Biểu 01!E12"' }) }),
})

builder.objectType(PeriodError, {
  name: 'PeriodError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof PeriodError,
  fields: () => ({}),
})
