import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, inject, it } from 'vitest'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createPostgresDatabase } from '../support/postgres-database.js'

const ROOT = new URL('../..', import.meta.url).pathname

/** The first ```sh block under "### Production mode" in the README: what an operator copies. */
function documentedCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('### Production mode'))
  const block = /```sh\n([\s\S]*?)```/.exec(section)
  if (!block) throw new Error('README: no sh block under "### Production mode"')
  return block[1]!.split('\n').filter((l) => l.trim() !== '')
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

// Issue #15, point 10: the README had create-admin --unit TW before seed, which fails on a fresh database.
forEachDialect('the README’s production set-up, run as written', (dialect) => {
  it('migrates, seeds, creates the administrator and serves, on a fresh database', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-prod-'))
    const pgdb = dialect === 'postgres' ? await createPostgresDatabase(inject('postgresUrl'), `t_prod_${process.pid}_${Date.now()}`) : null
    const commands = documentedCommands()
    // the block's own instruction: DATABASE_URL for PostgreSQL, left unset for the embedded SQLite file
    const script = commands.map((l) => (/^export DATABASE_URL=/.test(l) ? (pgdb ? `export DATABASE_URL=${pgdb.url}` : '') : l))
    expect(commands.at(-1)).toBe('npm start')
    const port = await freePort()
    const env = { ...process.env, DATABASE_URL: '', TONGHOP_DB_FILE: join(dir, 'tonghop.sqlite'), PORT: String(port), HOST: '127.0.0.1', TONGHOP_WORKERS: '2', TONGHOP_MODE: '', NODE_ENV: '' }
    // its own process group, so the server and its workers can be stopped together
    const shell = spawn('bash', ['-e', '-c', script.join('\n')], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    shell.stdout!.on('data', (c: Buffer) => (output += c.toString()))
    shell.stderr!.on('data', (c: Buffer) => (output += c.toString()))
    const exited = new Promise<number | null>((resolve) => shell.once('exit', (code) => resolve(code)))
    try {
      const ready = await Promise.race([
        (async () => {
          for (const end = Date.now() + 200_000; Date.now() < end; ) {
            if (/tonghop đang chạy tại/.test(output)) return true
            await new Promise((r) => setTimeout(r, 200))
          }
          return false
        })(),
        exited.then(() => false),
      ])
      expect(ready, output).toBe(true)
      expect(output).toMatch(/Đã nạp \d+ đơn vị/)
      expect(output).toMatch(/Đã tạo tài khoản quản trị "quantri"/)
      expect(output).toMatch(/\(production, /)
      const health = await fetch(`http://127.0.0.1:${port}/health`)
      expect(health.status).toBe(200)
      const login = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(username: "quantri", password: "a-long-admin-password") { __typename ... on MutationLoginSuccess { data { viewer { grants { role unitCode } } } } } }' }),
      })
      const body = (await login.json()) as { data: { login: { __typename: string; data?: { viewer: { grants: unknown[] } } } } }
      expect(body.data.login.data?.viewer.grants).toEqual([{ role: 'administrator', unitCode: 'TW' }])
    } finally {
      if (shell.exitCode === null) process.kill(-shell.pid!, 'SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
      await pgdb?.drop()
    }
  })
})
