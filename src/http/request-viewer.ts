import type { AppServices } from '../app-services.js'
import type { Viewer } from '../domain/access/roles.js'
import { viewerForToken } from '../domain/accounts/account-service.js'
import { authenticateRequest } from '../domain/accounts/authenticate-request.js'
import { sessionTokenOf } from './browser-session.js'

export interface RequestViewer {
  viewer: Viewer | null
  /** True when the browser's session cookie authenticated the request (not a bearer token). */
  viaCookie: boolean
}

/** Bearer tokens (CLI, integrations) first; a request that sends one is never read from its cookie. */
export async function viewerOfRequest(services: AppServices, request: Request): Promise<RequestViewer> {
  if (request.headers.get('authorization')) return { viewer: await authenticateRequest(services, request), viaCookie: false }
  const token = sessionTokenOf(request)
  if (!token) return { viewer: null, viaCookie: false }
  const viewer = await viewerForToken(services.database.db, token)
  return { viewer, viaCookie: viewer !== null }
}
