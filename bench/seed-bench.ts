import type { Kysely } from 'kysely'
import { generateNationalTree } from '../seeds/national-generator.js'
import type { UnitSeed } from '../seeds/seed-schema.js'
import type { DialectName } from '../src/db/create-database.js'
import type { Database } from '../src/db/database-types.js'
import { seedNationalTree } from '../src/domain/seeding/seed-national.js'
import { foldForSearch } from '../src/domain/text/vietnamese-text.js'
import { vietnameseSortKey } from '../src/domain/units/vietnamese-sort-key.js'
import type { BenchRow } from './bench-row.js'
import { freshDatabase } from './bench-databases.js'

/** The obvious way: one INSERT per unit and per closure row, in one transaction. */
async function naiveSeed(db: Kysely<Database>, units: UnitSeed[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, { id: number; chain: number[] }>()
    for (const u of units) {
      const parent = u.parent ? ids.get(u.parent) : undefined
      const row = await trx
        .insertInto('units')
        .values({ code: u.code, name: u.name, name_folded: foldForSearch(u.name), sort_key: vietnameseSortKey(u.name), kind: u.kind, sector: u.sector, parent_id: parent?.id ?? null, depth: parent ? parent.chain.length : 0, opened_on: u.openedOn ?? null, closed_on: null, place_name: null, header_superior: null, header_name: null, is_example: 0 })
        .returning('id')
        .executeTakeFirstOrThrow()
      const chain = [row.id, ...(parent?.chain ?? [])]
      ids.set(u.code, { id: row.id, chain })
      for (let d = 0; d < chain.length; d++) await trx.insertInto('unit_closure').values({ ancestor_id: chain[d] as number, descendant_id: row.id, depth: d }).execute()
      await trx.insertInto('unit_parent_history').values({ unit_id: row.id, parent_id: parent?.id ?? null, valid_from: u.openedOn ?? null, valid_to: null }).execute()
    }
  })
}

export async function runSeedBench(dialect: DialectName, postgresUrl: string | null): Promise<BenchRow[]> {
  const national = generateNationalTree()
  const db1 = await freshDatabase(dialect, postgresUrl)
  const t0 = performance.now()
  await seedNationalTree(db1.db, national)
  const ms = performance.now() - t0
  await db1.dispose()
  // The naive way on the whole tree takes minutes; it runs on 4 provinces and is scaled by unit count.
  const sample = generateNationalTree({ provinces: 4 })
  const db2 = await freshDatabase(dialect, postgresUrl)
  const t1 = performance.now()
  await naiveSeed(db2.db, sample)
  const sampleMs = performance.now() - t1
  await db2.dispose()
  const scaled = (sampleMs * national.length) / sample.length
  return [{ name: `seed national tree (${national.length.toLocaleString('en')} units)`, ms, baselineMs: scaled, note: `baseline: one INSERT per row, measured on ${sample.length.toLocaleString('en')} units and scaled` }]
}
