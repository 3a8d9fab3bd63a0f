import type { DialectName } from '../../src/db/create-database.js'

/** Both dialects unless TONGHOP_TEST_DIALECTS narrows it (e.g. "sqlite" for a quick local loop). */
export function testDialects(): DialectName[] {
  const wanted = (process.env.TONGHOP_TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim())
  return (['sqlite', 'postgres'] as const).filter((d) => wanted.includes(d))
}
