import type { AppServices } from '../../app-services.js'
import type { Viewer } from '../access/roles.js'
import { viewerForToken } from './account-service.js'

/** The token of `Authorization: Bearer <token>` from login (the scheme in any case, RFC 9110 §11.1); null for anything else. */
export function bearerTokenOf(request: Request): string | null {
  const header = request.headers.get('authorization')
  const match = header ? /^Bearer\s+([A-Za-z0-9_-]{20,200})$/i.exec(header.trim()) : null
  return match?.[1] ?? null
}

/** The viewer of a request's bearer token, read now; anything else is anonymous. */
export async function authenticateRequest(services: AppServices, request: Request): Promise<Viewer | null> {
  const token = bearerTokenOf(request)
  return token ? viewerForToken(services.database.db, token) : null
}
