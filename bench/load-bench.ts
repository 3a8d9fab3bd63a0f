import type { AddressInfo } from 'node:net'
import autocannon from 'autocannon'
import type { AppServices } from '../src/app-services.js'
import { loadConfig } from '../src/config/config.js'
import { openSqlite } from '../src/db/create-database.js'
import { findAccountByUsername } from '../src/db/repositories/account.repository.js'
import { findUnitByCode } from '../src/db/repositories/unit.repository.js'
import { createAccount, login } from '../src/domain/accounts/account-service.js'
import { listen } from '../src/http/serve.js'

export interface LoadResult {
  requestsPerSecond: number
  p99Ms: number
  p50Ms: number
  errors: number
  non2xx: number
}

const PASSWORD = 'bench-password-123'

/** 10 seconds of ward-level rollup queries from autocannon against the real server on 127.0.0.1. */
export async function runLoadBench(sqliteFile: string, wardCode: string, seconds = 10): Promise<LoadResult> {
  const database = openSqlite(sqliteFile)
  const config = { ...loadConfig({ TONGHOP_DB_FILE: sqliteFile }), port: 0, host: '127.0.0.1', secret: 'bench-secret-bench-secret-bench-secret' }
  const services: AppServices = { config, database }
  const root = await findUnitByCode(database.db, 'VN')
  if (!root) throw new Error('load bench: the national tree is not loaded')
  if (!(await findAccountByUsername(database.db, 'bench.viewer'))) {
    await createAccount(database.db, { username: 'bench.viewer', displayName: 'bench', password: PASSWORD, grants: [{ role: 'viewer', unitId: root.id }], grantedBy: null })
  }
  const { token } = await login(database.db, { username: 'bench.viewer', password: PASSWORD, clientAddress: 'bench', policy: config.loginThrottle })
  const server = await listen(services, 0)
  const port = (server.address() as AddressInfo).port
  const body = JSON.stringify({ query: `{ rollup(unit: "${wardCode}", form: "BC-QT", period: "2026Q1") { summary { reportingUnits indicators { code value numerator denominator } } } }` })
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
      connections: 10,
      duration: seconds,
    })
    return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, p50Ms: result.latency.p50, errors: result.errors, non2xx: result.non2xx }
  } finally {
    await new Promise((resolve) => server.close(resolve))
    await database.close()
  }
}
