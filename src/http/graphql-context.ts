import type { GraphQLContext } from '../../schema/context.js'
import type { AppServices } from '../app-services.js'
import { AccessScope } from '../domain/access/access-scope.js'
import type { RequestSession } from '../domain/accounts/request-session.js'
import { createRequestLoaders } from '../domain/request-loaders.js'
import { sessionCookieJar } from './browser-session-plugin.js'

/** A request's context for its viewer: access, loaders and cookie jar are the request's own (nothing carries over). */
export function graphQLContext(services: AppServices, request: Request, clientAddress: string, session: Pick<RequestSession, 'viewer' | 'unconfirmed'> & { viaCookie: boolean }): GraphQLContext {
  const db = services.database.db
  return {
    services,
    db,
    access: new AccessScope(db, session.viewer, session.unconfirmed),
    loaders: createRequestLoaders(db),
    clientAddress,
    request,
    session: { ...sessionCookieJar(services, request), viaCookie: session.viaCookie },
  }
}
