import { PeriodError } from '../src/domain/periods/period-error.js'
import { builder } from './builder.js'

/** Expected failures are data: a stable code a client can switch on, and a Vietnamese message for the user. */
export const ErrorInterface = builder.interfaceRef<Error & { code?: string }>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.string({ resolve: (e) => e.code ?? 'ERROR' }),
  }),
})

builder.objectType(PeriodError, {
  name: 'PeriodError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof PeriodError,
  fields: () => ({}),
})
