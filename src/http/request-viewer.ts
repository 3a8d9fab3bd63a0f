import type { AppServices } from '../app-services.js'
import type { Viewer } from '../domain/access/roles.js'
import { viewerForToken } from '../domain/accounts/account-service.js'
import { authenticateRequest, bearerTokenOf } from '../domain/accounts/authenticate-request.js'
import { requestSession, type RequestSession } from '../domain/accounts/request-session.js'
import { sessionTokenOf } from './browser-session.js'

export interface RequestViewer {
  viewer: Viewer | null
  /** True when the browser's session cookie authenticated the request (not a bearer token). */
  viaCookie: boolean
}

/** Bearer tokens (CLI, integrations) first; a request that sends one is never read from its cookie. Read now, never cached (downloads). */
export async function viewerOfRequest(services: AppServices, request: Request): Promise<RequestViewer> {
  if (request.headers.get('authorization')) return { viewer: await authenticateRequest(services, request), viaCookie: false }
  const token = sessionTokenOf(request)
  if (!token) return { viewer: null, viaCookie: false }
  const viewer = await viewerForToken(services.database.db, token)
  return { viewer, viaCookie: viewer !== null }
}

/**
 * The same for a GraphQL request, through the process's session cache: a cached session is confirmed later in the
 * request (session-confirmation.ts), so a request that hits the cache costs no statement here.
 */
export async function sessionOfGraphQLRequest(services: AppServices, request: Request): Promise<RequestSession & { viaCookie: boolean }> {
  const bearer = request.headers.get('authorization') !== null
  const token = bearer ? bearerTokenOf(request) : sessionTokenOf(request)
  const session = await requestSession(services.database.db, services.sessions, token)
  return { ...session, viaCookie: !bearer && session.viewer !== null }
}
