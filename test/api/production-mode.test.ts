import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServices } from '../../src/bootstrap.js'
import { loadConfig } from '../../src/config/config.js'
import { countAccounts } from '../../src/db/repositories/account.repository.js'
import { countUnits } from '../../src/db/repositories/unit.repository.js'

const dirs: string[] = []
const tempFile = (prefix: string, name: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(dir)
  return join(dir, name)
}

describe('production mode', () => {
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('refuses to start without TONGHOP_SECRET', async () => {
    const file = tempFile('tonghop-prod-', 'p.sqlite')
    await expect(startServices(loadConfig({ TONGHOP_MODE: 'production', TONGHOP_DB_FILE: file }))).rejects.toThrow(/TONGHOP_SECRET/)
  })

  it('starts with a secret, migrates, and creates neither seeds nor demo accounts', async () => {
    const file = tempFile('tonghop-prod-', 'p.sqlite')
    const { services, demoAccounts } = await startServices(loadConfig({ TONGHOP_MODE: 'production', TONGHOP_DB_FILE: file, TONGHOP_SECRET: 'x'.repeat(40) }))
    expect(demoAccounts).toEqual([])
    expect(await countAccounts(services.database.db)).toBe(0)
    expect(await countUnits(services.database.db)).toBe(0)
    await services.database.close()
  })

  it('in development seeds the source documents and demo accounts on first start, and not again', async () => {
    const file = tempFile('tonghop-dev-', 'd.sqlite')
    const first = await startServices(loadConfig({ TONGHOP_DB_FILE: file }))
    expect(first.seeded).toBe(true)
    expect(first.demoAccounts.length).toBeGreaterThan(5)
    const units = await countUnits(first.services.database.db)
    await first.services.database.close()
    const second = await startServices(loadConfig({ TONGHOP_DB_FILE: file }))
    expect(second.seeded).toBe(false)
    expect(await countUnits(second.services.database.db)).toBe(units)
    await second.services.database.close()
  })
})
