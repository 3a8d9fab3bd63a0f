import { getOperationAST, type ExecutionArgs } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import type { GraphQLContext } from '../../schema/context.js'
import type { AppServices } from '../app-services.js'
import { readSession } from '../domain/accounts/request-session.js'
import { graphQLContext } from './graphql-context.js'

/**
 * A request whose session came from the cache (session-cache.ts) answers only once the database has confirmed that
 * session. A query runs first and is confirmed by its own first statement when that can carry the check (the rollup
 * head), or by one read at the end; a mutation or subscription is confirmed before it starts, since it acts. When the
 * session no longer stands as cached (logout, expiry, a grant changed, on any worker), the answer is thrown away and
 * the operation runs again for the session as it is now: queries do not write, so running one twice is harmless.
 */
export function useSessionConfirmation(services: AppServices): Plugin<GraphQLContext> {
  /** The context to run with: this one when its cached session still stands, else a new one for the session as read now. */
  const confirmed = async (ctx: GraphQLContext): Promise<GraphQLContext> => {
    if (ctx.access.sessionConfirmation === 'confirmed') return ctx
    const now = await readSession(services.database.db, services.sessions, ctx.access.unconfirmed!.tokenHash)
    // still unconfirmed: this read decides; stale already (a statement read it changed): it stays stale
    if (ctx.access.confirmSession(now?.state ?? null) === 'confirmed') return ctx
    return graphQLContext(services, ctx.request, ctx.clientAddress, { viewer: now?.viewer ?? null, unconfirmed: null, viaCookie: ctx.session.viaCookie && now !== null })
  }
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args: ExecutionArgs) => {
        const ctx = args.contextValue as GraphQLContext
        if (ctx.access.sessionConfirmation === 'confirmed') return executeFn(args)
        if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return executeFn({ ...args, contextValue: await confirmed(ctx) })
        const result = await executeFn(args)
        const run = await confirmed(ctx)
        return run === ctx ? result : executeFn({ ...args, contextValue: run })
      })
    },
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const ctx = args.contextValue as GraphQLContext
        return subscribeFn(ctx.access.sessionConfirmation === 'confirmed' ? args : { ...args, contextValue: await confirmed(ctx) })
      })
    },
  }
}
