import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../db/database-types.js'
import { countAccounts } from '../../db/repositories/account.repository.js'
import { findUnitsByCodes } from '../../db/repositories/unit.repository.js'
import { ROLES } from '../access/roles.js'
import { createAccount } from '../accounts/account-service.js'

export const DEMO_PASSWORD = 'tonghop-demo-2026'
const FILE = fileURLToPath(new URL('../../../seeds/demo-accounts.json', import.meta.url))

const DemoAccountSchema = z.array(z.strictObject({ username: z.string(), displayName: z.string(), role: z.enum(ROLES), unit: z.string() }))
export type DemoAccount = z.infer<typeof DemoAccountSchema>[number]

export function loadDemoAccounts(): DemoAccount[] {
  const parsed = DemoAccountSchema.safeParse(JSON.parse(readFileSync(FILE, 'utf8')))
  if (!parsed.success) throw new Error(`${FILE}: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`)
  return parsed.data
}

/** Demo accounts for each role on the seeded units, only into a database that has no accounts yet. */
export async function seedDemoAccounts(db: Kysely<Database>): Promise<DemoAccount[]> {
  const accounts = loadDemoAccounts()
  if ((await countAccounts(db)) > 0) return accounts
  const units = new Map((await findUnitsByCodes(db, accounts.map((a) => a.unit))).map((u) => [u.code, u.id]))
  await db.transaction().execute(async (trx) => {
    for (const a of accounts) {
      const unitId = units.get(a.unit)
      if (unitId === undefined) throw new Error(`${FILE}: tài khoản "${a.username}" gắn với đơn vị "${a.unit}" không tồn tại`)
      await createAccount(trx, { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, grants: [{ role: a.role, unitId }], grantedBy: null })
    }
  })
  return accounts
}
