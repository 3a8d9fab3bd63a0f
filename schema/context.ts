import type { Kysely } from 'kysely'
import type { AppServices } from '../src/app-services.js'
import type { Database } from '../src/db/database-types.js'
import type { AccessScope } from '../src/domain/access/access-scope.js'
import type { SessionCookieJar } from '../src/http/browser-session-plugin.js'
import type { RequestLoaders } from './request-loaders.js'

export interface GraphQLContext {
  services: AppServices
  db: Kysely<Database>
  access: AccessScope
  loaders: RequestLoaders
  clientAddress: string
  request: Request
  /** The browser's session cookies; viaCookie when the cookie (not a bearer token) authenticated this request. */
  session: SessionCookieJar & { viaCookie: boolean }
}
