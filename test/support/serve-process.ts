import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import type { DialectName } from '../../src/db/create-database.js'
import { createPostgresDatabase } from './postgres-database.js'

const BIN = new URL('../../bin/tonghop.js', import.meta.url).pathname

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

let counter = 0

/**
 * `tonghop serve` as an operator runs it (development mode: it migrates, seeds and makes the demo accounts), with
 * `workers` worker processes on one loopback port, on a fresh SQLite file or PostgreSQL database.
 */
export async function startServeProcess(dialect: DialectName, workers = 2, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-serve-'))
  const pgdb = dialect === 'postgres' ? await createPostgresDatabase(inject('postgresUrl'), `serve_${process.pid}_${Date.now()}_${counter++}`) : null
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  let output = ''
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, DATABASE_URL: pgdb?.url ?? '', TONGHOP_DB_FILE: join(dir, 'db.sqlite'), PORT: String(port), HOST: '127.0.0.1', TONGHOP_WORKERS: String(workers), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  const end = Date.now() + 120_000
  while (!output.includes('/graphql (')) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(`tonghop serve did not start: ${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    await pgdb?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
  return { origin, output: () => output, stop, child }
}
