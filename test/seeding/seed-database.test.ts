import { expect, it } from 'vitest'
import { generateNationalTree } from '../../seeds/national-generator.js'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import { countUnits } from '../../src/db/repositories/unit.repository.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { seedNationalTree } from '../../src/domain/seeding/seed-national.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestDatabase } from '../support/test-database.js'

forEachDialect('loading seeds into the database', (dialect) => {
  it('loads the source documents whole: units, closure, documents with their cascade, forms, assignments, targets', async () => {
    const db = await createTestDatabase(dialect)
    try {
      const bundle = loadSeedBundle()
      const result = await seedDatabase(db.db, bundle)
      expect(result.units).toBe(bundle.units.length)
      expect(await countUnits(db.db)).toBe(bundle.units.length)
      const closure = await db.db.selectFrom('unit_closure').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const depthSum = await db.db.selectFrom('units').select((eb) => eb.fn.sum<number>('depth').as('d')).executeTakeFirstOrThrow()
      expect(Number(closure.n)).toBe(bundle.units.length + Number(depthSum.d))
      const nq72 = await db.db.selectFrom('documents').selectAll().where('key', '=', '72-NQ/TW').executeTakeFirstOrThrow()
      expect([nq72.number, nq72.doc_type, nq72.issuer_code]).toEqual([72, 'NQ', 'TW'])
      const indicators = await db.db.selectFrom('indicators').select('code').execute()
      expect(indicators.map((i) => i.code)).toEqual(expect.arrayContaining(['QT05', 'YT21', 'NV06G']))
      expect((await seedDatabase(db.db, bundle)).seeded).toBe(false)
    } finally {
      await db.dispose()
    }
  })

  it('writes nothing when an entry fails half way through the load', async () => {
    const db = await createTestDatabase(dialect)
    try {
      const bundle = loadSeedBundle()
      // Bypasses the validator on purpose: the transaction, not the validator, must keep the database clean.
      const broken = { ...bundle, targets: [...bundle.targets, { ...(bundle.targets[0] as (typeof bundle.targets)[number]), unit: 'KHONG.CO' }] }
      await expect(seedDatabase(db.db, broken)).rejects.toThrow(/KHONG\.CO/)
      expect(await countUnits(db.db)).toBe(0)
      expect((await db.db.selectFrom('documents').selectAll().execute()).length).toBe(0)
    } finally {
      await db.dispose()
    }
  })

  it('loads a synthetic national tree with a correct closure, and refuses to load it twice', async () => {
    const db = await createTestDatabase(dialect)
    try {
      const units = generateNationalTree({ provinces: 3, wardsPerProvince: 4, unitsPerWard: 5 })
      await seedNationalTree(db.db, units)
      const leaf = units[units.length - 1] as (typeof units)[number]
      const row = await db.db.selectFrom('units').select(['id', 'depth']).where('code', '=', leaf.code).executeTakeFirstOrThrow()
      const ancestors = await db.db.selectFrom('unit_closure').select('ancestor_id').where('descendant_id', '=', row.id).execute()
      expect(ancestors.length).toBe(row.depth + 1)
      await expect(seedNationalTree(db.db, units)).rejects.toThrow(/đã được nạp/)
    } finally {
      await db.dispose()
    }
  })
})
