import { loadSeedBundle } from '../../seeds/seed-loader.js'
import type { AppServices } from '../../src/app-services.js'
import { loadConfig, type AppConfig } from '../../src/config/config.js'
import type { DialectName } from '../../src/db/create-database.js'
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/domain/seeding/demo-accounts.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { buildAppServices } from '../../src/bootstrap.js'
import { createTonghopYoga } from '../../src/http/create-yoga.js'
import { createTestDatabase } from './test-database.js'

export interface GqlResult<T = Record<string, unknown>> {
  status: number
  data?: T
  errors?: { message: string; extensions?: Record<string, unknown> }[]
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** The real service on a fresh database: seeds, demo accounts, and requests through yoga.fetch. */
export async function createTestApp(dialect: DialectName, overrides: Partial<AppConfig> = {}) {
  const database = await createTestDatabase(dialect)
  await seedDatabase(database.db, loadSeedBundle())
  await seedDemoAccounts(database.db)
  const config: AppConfig = { ...loadConfig({ TONGHOP_DB_FILE: ':memory:' }), secret: 'test-secret-test-secret-test-secret-000', ...overrides }
  const services: AppServices = buildAppServices(config, database)
  const yoga = createTonghopYoga(services)
  const tokens = new Map<string, string>()

  async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, opts: { token?: string | null; as?: string; clientAddress?: string } = {}): Promise<GqlResult<T>> {
    const token = opts.as ? await tokenFor(opts.as) : opts.token
    // a subscription is asked for over server-sent events, as the page asks
    const subscription = /^\s*subscription\b/.test(query)
    const response = await yoga.fetch(
      'http://localhost/graphql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(subscription ? { accept: 'text/event-stream' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      },
      { clientAddress: opts.clientAddress ?? '127.0.0.1' },
    )
    if (subscription) return { ...(await firstEvent<T>(response)), status: response.status }
    const body = (await response.json()) as GqlResult<T>
    return { ...body, status: response.status }
  }

  async function tokenFor(username: string): Promise<string> {
    const cached = tokens.get(username)
    if (cached) return cached
    const r = await gql<{ login: { __typename: string; data?: { token: string }; message?: string } }>(
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename ... on MutationLoginSuccess { data { token } } ... on Error { message } } }',
      { u: username, p: DEMO_PASSWORD },
      { clientAddress: `10.9.${tokens.size}.1` },
    )
    const token = r.data?.login.data?.token
    if (!token) throw new Error(`login ${username} failed: ${JSON.stringify(r)}`)
    tokens.set(username, token)
    return token
  }

  return { services, yoga, db: database.db, dialect, queries: database.queries, gql, tokenFor, close: async () => { await services.live.close(); await database.dispose() } }
}

/**
 * The first `next` event of a server-sent event stream (a refusal comes at once as one), or nothing when none came
 * within `ms` (an accepted subscription waits for changes); the stream is then closed, as a page that leaves closes it.
 */
async function firstEvent<T>(response: Response, ms = 500): Promise<{ data?: T; errors?: GqlResult['errors'] }> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const deadline = Date.now() + ms
  let buffer = ''
  try {
    for (;;) {
      const left = deadline - Date.now()
      if (left <= 0) return {}
      let timer: NodeJS.Timeout | undefined
      const r = await Promise.race([reader.read(), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), left)))])
      clearTimeout(timer)
      if (r === null || r.done) return {}
      buffer += decoder.decode(r.value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const data = block.split('\n').find((l) => l.startsWith('data: '))?.slice(6)
        if (block.startsWith('event: next') && data) return JSON.parse(data) as { data?: T; errors?: GqlResult['errors'] }
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
}
