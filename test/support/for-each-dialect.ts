import { describe } from 'vitest'
import type { DialectName } from '../../src/db/create-database.js'
import { testDialects } from './test-dialects.js'

/** One suite looped over every dialect (as Kysely's own tests do); names start with [sqlite] or [postgres] so the reporter can count them. */
export function forEachDialect(name: string, body: (dialect: DialectName) => void): void {
  for (const dialect of testDialects()) describe(`[${dialect}] ${name}`, () => body(dialect))
}
