import { SessionCache } from './domain/accounts/session-cache.js'
import { randomBytes } from 'node:crypto'
import type { AppServices } from './app-services.js'
import type { AppConfig } from './config/config.js'
import { openDatabase } from './db/create-database.js'
import { migrateToLatest } from './db/migrate.js'
import { loadSeedBundle } from '../seeds/seed-loader.js'
import { seedDatabase } from './domain/seeding/seed-database.js'
import { rollupEngineSource } from './domain/exports/rollup-engine-source.js'
import { seedDemoAccounts, type DemoAccount } from './domain/seeding/demo-accounts.js'
import { DEFAULT_ROLLUP_SETTINGS, type RollupSettings } from './domain/rollup/rollup-settings.js'
import type { DatabaseHandle } from './db/create-database.js'
import { WorkerStatusBoard } from './http/worker-status.js'
import { createLiveChanges } from './live-changes.js'

/** The one place AppServices are put together: the server, the workers, tests and benches all call it. */
export function buildAppServices(config: AppConfig, database: DatabaseHandle, options: { rollup?: RollupSettings } = {}): AppServices {
  const rollup = options.rollup ?? DEFAULT_ROLLUP_SETTINGS
  return { config, database, rollup, exportSource: (db) => rollupEngineSource(db, rollup), workers: new WorkerStatusBoard(), live: createLiveChanges(database), sessions: new SessionCache() }
}

export interface StartedServices {
  services: AppServices
  demoAccounts: DemoAccount[]
  seeded: boolean
}

/** Opens the database, migrates it, and on the embedded development default seeds it on first start. */
export async function startServices(config: AppConfig): Promise<StartedServices> {
  if (config.mode === 'production' && !config.secret) {
    throw new Error('Chế độ vận hành (production) cần TONGHOP_SECRET (ít nhất 32 ký tự) để ký liên kết tải tệp. Máy chủ không khởi động.')
  }
  if (config.secret !== null && config.secret.length < 32) throw new Error('TONGHOP_SECRET phải có ít nhất 32 ký tự')
  const database = openDatabase(config)
  await migrateToLatest(database.db)
  // Development signs download links with a per-process secret: links die with the process, which is fine there.
  const services = buildAppServices({ ...config, secret: config.secret ?? randomBytes(32).toString('hex') }, database)
  if (config.mode === 'production') return { services, demoAccounts: [], seeded: false }
  const result = await seedDatabase(database.db, loadSeedBundle())
  const demoAccounts = config.demoAccounts ? await seedDemoAccounts(database.db) : []
  return { services, demoAccounts, seeded: result.seeded }
}
