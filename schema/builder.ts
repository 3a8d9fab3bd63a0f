import SchemaBuilder from '@pothos/core'
import { GraphQLError } from 'graphql'
import ComplexityPlugin from '@pothos/plugin-complexity'
import DataloaderPlugin from '@pothos/plugin-dataloader'
import ErrorsPlugin from '@pothos/plugin-errors'
import RelayPlugin from '@pothos/plugin-relay'
import ScopeAuthPlugin from '@pothos/plugin-scope-auth'
import type { Role } from '../src/domain/access/roles.js'
import type { GraphQLContext } from './context.js'
import { fieldPrice } from './list-pricing.js'

export interface UnitScopeArg {
  unitId: number
  role?: Role
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext
  AuthScopes: {
    loggedIn: boolean
    /** The viewer holds `role` (or any role) over the unit's subtree. */
    unit: UnitScopeArg
    /** The viewer holds `role` somewhere, e.g. to list what lies in their own subtrees. */
    anyGrant: Role | 'any'
  }
  DefaultFieldNullability: false
  Scalars: {
    Date: { Input: string; Output: string }
    DateTime: { Input: string; Output: string }
    JSON: { Input: unknown; Output: unknown }
  }
}>({
  // scope-auth first: no other plugin's wrapper may run a resolver before the check.
  plugins: [ScopeAuthPlugin, ComplexityPlugin, ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  // The prices of fields: connections count their page, list fields their first or list argument's length, other
  // lists 10× (list-pricing.ts). Every operation is priced from them, and refused over the limit, before anything runs
  // (src/http/complexity-limit.ts).
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    fieldComplexity: (args, _ctx, field) => fieldPrice(args, field),
    // no check of its own around each root resolver: that check is complexity-limit.ts's
    disabled: true,
  },
  scopeAuth: {
    treatErrorsAsUnauthorized: true,
    unauthorizedError: () => new GraphQLError('Bạn chưa đăng nhập hoặc không có quyền thực hiện thao tác này', { extensions: { code: 'FORBIDDEN' } }),
    authScopes: (ctx) => ({
      loggedIn: ctx.access.loggedIn,
      unit: async ({ unitId, role }) => (role ? ctx.access.hasRole(unitId, role) : ctx.access.canRead(unitId)),
      anyGrant: (role) => ctx.access.rootIds(role === 'any' ? undefined : role).length > 0,
    }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  errors: {
    defaultTypes: [],
  },
})

builder.queryType({ authScopes: { loggedIn: true } })
builder.mutationType({ authScopes: { loggedIn: true } })
