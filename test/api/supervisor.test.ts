import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('../..', import.meta.url).pathname
const BIN = join(ROOT, 'bin/tonghop.js')
const UNIT = join(ROOT, 'docs/tonghop.service')

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function serve(env: NodeJS.ProcessEnv): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  let output = ''
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('/graphql')) clearInterval(timer), resolve()
      if (child.exitCode !== null) clearInterval(timer), reject(new Error(output))
    }, 100)
  })
  return { child, ready, output: () => output }
}

// Issue #15, point 10: killing the primary left nothing to restart the server. docs/tonghop.service is the supervisor;
// this checks the unit and the behaviour it relies on.
describe('running under a supervisor (systemd)', () => {
  it('ships a unit that runs `tonghop serve`, restarts it always and stops it with SIGTERM', () => {
    const unit = readFileSync(UNIT, 'utf8')
    const directives = new Map(unit.split('\n').filter((l) => /^[A-Za-z]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    expect(directives.get('ExecStart')).toMatch(/\/node \S*\/bin\/tonghop\.js serve$/)
    expect(directives.get('Restart')).toBe('always')
    expect(directives.get('KillSignal')).toBe('SIGTERM')
    expect(directives.get('KillMode')).toBe('mixed')
    expect(directives.get('EnvironmentFile')).toBeTruthy()
    // systemd's own check of the file, with the paths of this checkout (present on this project's machines)
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-unit-'))
    try {
      const local = unit.replaceAll('/opt/tonghop', ROOT.replace(/\/$/, '')).replace(/^ExecStart=\/usr\/bin\/node/m, `ExecStart=${process.execPath}`).replace(/^EnvironmentFile=.*$/m, `EnvironmentFile=${join(dir, 'tonghop.env')}`)
      writeFileSync(join(dir, 'tonghop.env'), 'TONGHOP_MODE=production\n')
      writeFileSync(join(dir, 'tonghop.service'), local)
      expect(existsSync('/usr/bin/systemd-analyze') || existsSync('/bin/systemd-analyze')).toBe(true)
      execFileSync('systemd-analyze', ['verify', join(dir, 'tonghop.service')], { stdio: 'pipe' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('leaves no worker behind when the primary is killed, so the restarted server gets the port', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-supervised-'))
    const port = await freePort()
    const env = { ...process.env, DATABASE_URL: '', TONGHOP_DB_FILE: join(dir, 'db.sqlite'), PORT: String(port), HOST: '127.0.0.1', TONGHOP_WORKERS: '2' }
    const first = serve(env)
    let second: ReturnType<typeof serve> | null = null
    try {
      await first.ready
      const workers = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(first.child.pid)], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('tonghop.js')).map((l) => Number(l.trim().split(' ')[0]))
      expect(workers).toHaveLength(2)
      first.child.kill('SIGKILL')
      for (const end = Date.now() + 30_000; workers.some(alive) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100))
      expect(workers.filter(alive)).toEqual([])
      // what systemd's Restart=always does next
      second = serve(env)
      await second.ready
      const health = await fetch(`http://127.0.0.1:${port}/health`, { headers: { connection: 'close' } })
      expect(health.status).toBe(200)
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL')
      if (second && second.child.exitCode === null) {
        const exited = new Promise((r) => second!.child.once('exit', r))
        second.child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
