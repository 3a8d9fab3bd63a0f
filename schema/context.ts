import type { AppServices } from '../src/app-services.js'
import type { Db } from '../src/domain/database-handle.js'
import type { AccessScope } from '../src/domain/access/access-scope.js'
import type { RequestLoaders } from '../src/domain/request-loaders.js'

export interface GraphQLContext {
  services: AppServices
  db: Db
  access: AccessScope
  loaders: RequestLoaders
  clientAddress: string
  request: Request
  /** The browser's session cookies; viaCookie when the cookie (not a bearer token) authenticated this request. */
  session: SessionCookieJar & { viaCookie: boolean }
}

/** What a resolver may do with the browser's session cookie (the HTTP layer implements it; resolvers never see HTTP). */
export interface SessionCookieJar {
  start(token: string, expiresAt: string): void
  clear(): void
}
