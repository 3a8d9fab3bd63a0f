import { request } from 'node:http'
import autocannon from 'autocannon'
import { loadConfig } from '../src/config/config.js'
import { openSqlite } from '../src/db/create-database.js'
import { findAccountByUsername } from '../src/db/repositories/account.repository.js'
import { findUnitByCode } from '../src/db/repositories/unit.repository.js'
import { createAccount, login } from '../src/domain/accounts/account-service.js'
import { freePort, startServer } from './load-bench.js'

export interface ListAbuseResult {
  label: string
  workers: number
  bodyBytes: number
  /** the point-1 requests (nodes(ids:) with 60,000 ids in variables): how fast they are refused */
  abuseRequests: number
  abuseP50Ms: number
  abuseP99Ms: number
  /** every HTTP status the burst received (one: the refusal) */
  abuseStatuses: string
  /** what the refusal said (its error code), checked once before the burst */
  abuseCode: string
  /** another user's ward rollups, alone and during the burst */
  aloneP99Ms: number
  duringP50Ms: number
  duringP99Ms: number
  duringRequests: number
  /** the other user's errors and non-2xx answers */
  errors: number
  /** abuse requests whose socket the server closed before the client read the refusal */
  abuseResets: number
}

const PASSWORD = 'bench-password-123'

interface Hammered { total: number; p50: number; p99: number; errors: number; statuses: Set<number> }

/**
 * The abuser's side, timed from the request's start to the refusal's status line. Not autocannon: the server answers
 * 413 on the declared length and closes the socket while the client is still writing, which autocannon counts as an
 * error (and times to its own give-up) rather than as the refusal the client did receive.
 */
async function hammer(url: string, headers: Record<string, string>, body: string, connections: number, seconds: number): Promise<Hammered> {
  const until = Date.now() + seconds * 1000
  const latencies: number[] = []
  const statuses = new Set<number>()
  let errors = 0
  const one = () => new Promise<void>((resolve) => {
    const started = performance.now()
    let answered = false
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      answered = true
      latencies.push(performance.now() - started)
      statuses.add(res.statusCode ?? 0)
      res.resume()
      res.on('end', () => { req.destroy(); resolve() })
      res.on('error', () => resolve())
    })
    // the server may close the socket under the rest of the body once it has answered: that is the refusal, not an error
    req.on('error', () => { if (!answered) errors++; resolve() })
    req.end(body)
  })
  await Promise.all(Array.from({ length: connections }, async () => { while (Date.now() < until) await one() }))
  latencies.sort((a, b) => a - b)
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN)
  return { total: latencies.length, p50: at(0.5), p99: at(0.99), errors, statuses }
}

async function tokenFor(sqliteFile: string, username: string, unitCode: string, role: 'viewer' | 'submitter'): Promise<string> {
  const database = openSqlite(sqliteFile)
  const config = loadConfig({ ...process.env, TONGHOP_DB_FILE: sqliteFile })
  try {
    const unit = await findUnitByCode(database.db, unitCode)
    if (!unit) throw new Error(`list abuse bench: unit ${unitCode} is not loaded`)
    if (!(await findAccountByUsername(database.db, username))) {
      await createAccount(database.db, { username, displayName: username, password: PASSWORD, grants: [{ role, unitId: unit.id }], grantedBy: null })
    }
    return (await login(database.db, { username, password: PASSWORD, clientAddress: `bench-${username}`, policy: config.loginThrottle })).token
  } finally {
    await database.close()
  }
}

/**
 * #15 point 1 as a load: one logged-in ward clerk sends `nodes(ids:)` with 60,000 ids in variables (the probe's 900 KB
 * body; before the fix one took 91 s and 3.7 GB, and four left other users waiting 44 s), then 16,000 ids (a body just
 * under the cap), each over 4 connections without pause for 10 s, while another user's ordinary requests are timed.
 * Their p99 alone is measured first, in the same run.
 */
export async function runListAbuseBench(sqliteFile: string, wardCode: string, seconds = 10): Promise<ListAbuseResult[]> {
  const config = loadConfig({ ...process.env, TONGHOP_DB_FILE: sqliteFile })
  const viewer = await tokenFor(sqliteFile, 'bench.viewer', 'VN', 'viewer')
  const abuser = await tokenFor(sqliteFile, 'bench.abuser', wardCode, 'submitter')
  const port = await freePort()
  const server = await startServer({ sqliteFile }, port)
  const url = `http://127.0.0.1:${port}/graphql`
  const idsBody = (n: number) => JSON.stringify({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: Array.from({ length: n }, (_, i) => String(i + 1).padStart(12, '0')) } })
  // An ordinary request of another user: a ward with its parent and first children.
  const ordinaryBody = JSON.stringify({ query: `{ unit(code: "${wardCode}") { code name parent { code name } children(first: 20) { edges { node { code name kind } } } } }` })
  const headers = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` })
  const ordinary = (duration: number) => autocannon({ url, method: 'POST', headers: headers(viewer), body: ordinaryBody, connections: 2, duration })
  try {
    await ordinary(3)
    const alone = await ordinary(seconds)
    const out: ListAbuseResult[] = []
    // The probe's 900 KB body (refused on its declared length) and one just under the body cap (refused by the list limit).
    for (const [label, n] of [['60,000 ids', 60_000], ['16,000 ids', 16_000]] as const) {
      const abuseBody = idsBody(n)
      const probeResponse = await fetch(url, { method: 'POST', headers: headers(abuser), body: abuseBody })
      const probe = (await probeResponse.json()) as { errors?: { extensions?: { code?: string } }[] }
      const [abuse, during] = await Promise.all([
        hammer(url, headers(abuser), abuseBody, 4, seconds),
        ordinary(seconds),
      ])
      out.push({
        label,
        workers: config.workers,
        bodyBytes: Buffer.byteLength(abuseBody),
        abuseRequests: abuse.total,
        abuseP50Ms: abuse.p50,
        abuseP99Ms: abuse.p99,
        abuseStatuses: [...abuse.statuses].sort().join(', '),
        abuseCode: `${probeResponse.status} ${probe.errors?.[0]?.extensions?.code ?? 'none'}`,
        aloneP99Ms: alone.latency.p99,
        duringP50Ms: during.latency.p50,
        duringP99Ms: during.latency.p99,
        duringRequests: during.requests.total,
        errors: during.errors + during.non2xx,
        abuseResets: abuse.errors,
      })
    }
    return out
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
}
