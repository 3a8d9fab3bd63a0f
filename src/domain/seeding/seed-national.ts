import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findUnitByCode } from '../../db/repositories/unit.repository.js'
import type { UnitSeed } from '../../../seeds/seed-schema.js'
import { DomainError } from '../domain-error.js'
import { insertUnitTree } from './seed-database.js'

/** Adds the synthetic national tree in one transaction; refuses to add it twice. */
export async function seedNationalTree(db: Kysely<Database>, units: readonly UnitSeed[]): Promise<number> {
  const root = units.find((u) => u.parent === null)
  if (!root) throw new DomainError('SEED_NO_ROOT', 'Cây đơn vị toàn quốc không có gốc')
  if (await findUnitByCode(db, root.code)) throw new DomainError('SEED_ALREADY_LOADED', `Cây đơn vị toàn quốc (gốc "${root.code}") đã được nạp`)
  await db.transaction().execute((trx) => insertUnitTree(trx, units))
  return units.length
}
