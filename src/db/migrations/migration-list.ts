import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001-foundation.js'
import * as m0002 from './0002-accounts.js'
import * as m0003 from './0003-returns.js'
import * as m0004 from './0004-rollup.js'
import * as m0006 from './0006-upload-quota.js'
import * as m0007 from './0007-login-throttle.js'
import * as m0008 from './0008-sparse-rollup.js'
import * as m0009 from './0009-live-changes.js'
import * as m0011 from './0011-account-signer-title.js'
import * as m0012 from './0012-unit-lineage.js'

/** Static imports, so migrations ship inside the code and never depend on a folder scan. Append only. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-accounts': m0002,
  '0003-returns': m0003,
  '0004-rollup': m0004,
  '0006-upload-quota': m0006,
  '0007-login-throttle': m0007,
  '0008-sparse-rollup': m0008,
  '0009-live-changes': m0009,
  '0011-account-signer-title': m0011,
  '0012-unit-lineage': m0012,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
}
