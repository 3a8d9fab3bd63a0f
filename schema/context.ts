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
}
