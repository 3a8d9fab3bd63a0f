// The soak run: minutes of mixed load (uploads, rollups, completeness, exports, logins) on the national tree against
// `tonghop serve` with 2 workers, printed per minute: requests per second, p99, errors and each process's RSS. Leaks,
// growing queues and slowly filling caches show here, not in a 10-second load test.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import { generateNationalTree } from '../seeds/national-generator.js'
import { loadSeedBundle } from '../seeds/seed-loader.js'
import { openSqlite } from '../src/db/create-database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { findUnitByCode } from '../src/db/repositories/unit.repository.js'
import { createAccount } from '../src/domain/accounts/account-service.js'
import { assignForm } from '../src/domain/assignments/assignment-admin-service.js'
import { buildTemplate } from '../src/domain/exports/export-service.js'
import { seedDatabase } from '../src/domain/seeding/seed-database.js'
import { seedNationalTree } from '../src/domain/seeding/seed-national.js'

const PASSWORD = 'soak-password-1234'
const USERS = 8
const PERIOD = '2026S1'

interface Minute {
  requests: number
  errors: number
  latencies: number[]
  byKind: Map<string, number[]>
}

const newMinute = (): Minute => ({ requests: 0, errors: 0, latencies: [], byKind: new Map() })

function p99(values: number[]): number {
  if (values.length === 0) return 0
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] as number
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null
  }
}

function workerPids(primary: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(primary)], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('tonghop.js')).map((l) => Number(l.trim().split(' ')[0]))
  } catch {
    return []
  }
}

async function variant(template: Buffer, unitCode: string, k: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(template as unknown as ArrayBuffer)
  const values: Record<string, number> = { YT01: 12_000 + k, YT02: 11_000 + k, YT04: 90, YT05: 80 + (k % 10), YT07: 9000, YT09: 3000 + k, YT11: 2100, YT12: 2000, YT14: 8000, YT15: 1900, YT17: 3, YT19: 4000, YT21: 75 + (k % 5) / 10 }
  wb.getWorksheet('Biểu 01')?.eachRow((row) => {
    const code = row.getCell(2).value
    if (typeof code === 'string' && code in values) row.getCell(5).value = values[code] as number
  })
  const meta = wb.getWorksheet('_tonghop')
  if (meta) meta.getCell('B4').value = unitCode
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export interface SoakResult {
  ok: boolean
  lines: string[]
}

/** Builds its own national database in `dir`, then `minutes` of load; prints the table as it goes. */
export async function runSoakBench(dir: string, minutes: number, log: (line: string) => void): Promise<SoakResult> {
  const file = join(dir, 'soak.sqlite')
  const handle = openSqlite(file)
  const wardFiles: Buffer[] = []
  let wards: string[]
  let provinces: string[]
  try {
    await migrateToLatest(handle.db)
    await seedDatabase(handle.db, loadSeedBundle())
    log('soak: seeding the national tree')
    await seedNationalTree(handle.db, generateNationalTree())
    const root = await findUnitByCode(handle.db, 'VN')
    if (!root) throw new Error('soak: no national root')
    await assignForm(handle.db, { formCode: 'BC-YT72', unit: root, unitKinds: ['ward_committee'], periodType: 'half', deadline: { kind: 'days_after_end', days: 5 }, window: null, validFrom: null, validTo: null })
    for (const [username, role] of [['soak.viewer', 'viewer'], ['soak.clerk', 'submitter'], ['soak.exporter', 'exporter']] as const) {
      await createAccount(handle.db, { username, displayName: 'soak', password: PASSWORD, grants: [{ role, unitId: root.id }], grantedBy: null })
    }
    wards = (await handle.db.selectFrom('units').select('code').where('kind', '=', 'ward_committee').where('code', 'like', 'VN%').orderBy('code').limit(3_400).execute()).map((u) => u.code)
    provinces = [...new Set(wards.map((w) => w.split('.')[0] as string))]
    const template = await buildTemplate(handle.db, { formCode: 'BC-YT72', unitCode: wards[0] as string, periodId: PERIOD, layout: 'form' })
    // 60 wards × 5 versions: every upload in the first 300 is a new revision; after that they are duplicates
    log('soak: writing 300 returns')
    for (let k = 0; k < 5; k++) for (const w of wards.slice(0, 60)) wardFiles.push(await variant(template.bytes, w, k))
  } finally {
    await handle.close()
  }

  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const base = `http://127.0.0.1:${port}`
  const bin = fileURLToPath(new URL('../bin/tonghop.js', import.meta.url))
  const server: ChildProcess = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, DATABASE_URL: '', TONGHOP_DB_FILE: file, PORT: String(port), HOST: '127.0.0.1', TONGHOP_WORKERS: '2', TONGHOP_DEMO_ACCOUNTS: '0', TONGHOP_SECRET: 'soak-secret-soak-secret-soak-secret-00' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  server.stdout?.on('data', (c: Buffer) => (output += c.toString()))
  server.stderr?.on('data', (c: Buffer) => (output += c.toString()))
  const lines: string[] = []
  try {
    for (let t = 0; !output.includes('/graphql'); t++) {
      if (server.exitCode !== null || t > 1200) throw new Error(`soak: the server did not start: ${output.slice(-500)}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    const gql = async (query: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, any>> => {
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) })
      const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] }
      if (res.status !== 200 || body.errors) throw new Error(`HTTP ${res.status} ${JSON.stringify(body.errors ?? '').slice(0, 200)}`)
      // an expected failure is a typed result (… on Error { code }) and counts as an error here too
      const failed = Object.values(body.data ?? {}).find((v) => v && typeof v === 'object' && 'code' in v && !('data' in v))
      if (failed) throw new Error(`typed failure ${JSON.stringify(failed).slice(0, 200)}`)
      return body.data as Record<string, any>
    }
    const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on MutationLoginSuccess { data { token } } ... on Error { code } } }'
    const signIn = async (u: string) => {
      const token = (await gql(LOGIN, { u, p: PASSWORD })).login?.data?.token as string | undefined
      if (!token) throw new Error(`login ${u} refused`)
      return token
    }
    const tokens = { viewer: await signIn('soak.viewer'), clerk: await signIn('soak.clerk'), exporter: await signIn('soak.exporter') }
    let uploads = 0
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)] as T
    const ops: [string, number, () => Promise<void>][] = [
      ['rollup ward', 30, async () => void (await gql('query($u: String!) { rollup(unit: $u, form: "BC-YT72", period: "2026S1") { ... on QueryRollupSuccess { data { summary { reportingUnits indicators { code value } } } } ... on Error { code } } }', { u: pick(wards) }, tokens.viewer))],
      ['rollup province', 15, async () => void (await gql('query($u: String!) { rollup(unit: $u, form: "BC-YT72", period: "2026S1") { ... on QueryRollupSuccess { data { summary { reportingUnits indicators { code value } } children { unit { code } } } } ... on Error { code } } }', { u: pick(provinces) }, tokens.viewer))],
      ['completeness', 20, async () => void (await gql('query($u: String!) { completeness(unit: $u, form: "BC-YT72", period: "2026S1") { ... on QueryCompletenessSuccess { data { expected received missing } } ... on Error { code } } }', { u: pick(provinces) }, tokens.viewer))],
      ['upload', 20, async () => {
        const bytes = wardFiles[uploads++ % wardFiles.length] as Buffer
        const form = new FormData()
        form.append('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadReturn(file: $f) { ... on MutationUploadReturnSuccess { data { outcome } } ... on Error { code } } }', variables: { f: null } }))
        form.append('map', JSON.stringify({ 0: ['variables.f'] }))
        form.append('0', new File([new Uint8Array(bytes)], 'bc-yt72.xlsx'))
        const res = await fetch(`${base}/graphql`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.clerk}`, 'x-graphql-yoga-csrf': '1' } })
        const body = (await res.json()) as { data?: { uploadReturn?: { data?: { outcome: string } } } }
        const outcome = body.data?.uploadReturn?.data?.outcome
        if (outcome !== 'committed' && outcome !== 'duplicate') throw new Error(`upload: ${JSON.stringify(body).slice(0, 200)}`)
      }],
      ['export', 5, async () => {
        const d = await gql('mutation($u: String!) { requestExport(unit: $u, form: "BC-YT72", period: "2026S1") { ... on MutationRequestExportSuccess { data { url } } } }', { u: pick(wards.slice(0, 60)) }, tokens.exporter)
        const url = new URL(d.requestExport?.data?.url as string)
        const res = await fetch(`${base}${url.pathname}${url.search}`, { headers: { authorization: `Bearer ${tokens.exporter}` } })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`export download ${res.status}`)
      }],
      ['login', 5, async () => void (await signIn('soak.viewer'))],
    ]
    const total = ops.reduce((s, o) => s + o[1], 0)
    const choose = () => {
      let r = Math.random() * total
      for (const o of ops) if ((r -= o[1]) < 0) return o
      return ops[0] as (typeof ops)[number]
    }
    let current = newMinute()
    let stop = false
    const firstErrors: string[] = []
    const users = Array.from({ length: USERS }, async () => {
      while (!stop) {
        const [kind, , run] = choose()
        const t = performance.now()
        try {
          await run()
        } catch (e) {
          current.errors++
          if (firstErrors.length < 5) firstErrors.push(`${kind}: ${(e as Error).message}`)
        }
        current.requests++
        current.latencies.push(performance.now() - t)
        const list = current.byKind.get(kind) ?? []
        list.push(performance.now() - t)
        current.byKind.set(kind, list)
      }
    })
    const primary = server.pid as number
    const head = 'minute | req/s | p99 ms | errors | RSS MB: primary, worker 1, worker 2'
    lines.push(head)
    log(head)
    let kinds = ''
    const rows: { rps: number; p99: number; errors: number; rss: (number | null)[] }[] = []
    for (let m = 1; m <= minutes; m++) {
      await new Promise((r) => setTimeout(r, 60_000))
      const done = current
      current = newMinute()
      const rss = [primary, ...workerPids(primary).sort((a, b) => a - b)].map(rssMb)
      const row = { rps: done.requests / 60, p99: p99(done.latencies), errors: done.errors, rss }
      kinds = [...done.byKind].map(([k, v]) => `${k} ${v.length}× p99 ${p99(v).toFixed(0)} ms`).join(', ')
      rows.push(row)
      const line = `${String(m).padStart(6)} | ${row.rps.toFixed(1).padStart(5)} | ${row.p99.toFixed(0).padStart(6)} | ${String(row.errors).padStart(6)} | ${rss.map((r) => (r === null ? '—' : r.toFixed(0))).join(', ')}`
      lines.push(line)
      log(line)
    }
    stop = true
    await Promise.all(users)
    // targets: no errors; RSS in the last minute within 10 % of the second minute's; p99 flat (last ≤ 1.5 × second)
    const second = rows[Math.min(1, rows.length - 1)] as (typeof rows)[number]
    const last = rows[rows.length - 1] as (typeof rows)[number]
    const errors = rows.reduce((s, r) => s + r.errors, 0)
    const rssGrowth = last.rss.map((r, i) => (r !== null && second.rss[i] ? r / (second.rss[i] as number) - 1 : 0))
    const rssOk = rssGrowth.every((g) => g <= 0.1)
    const p99Ok = last.p99 <= 1.5 * second.p99
    const verdict = `targets: errors ${errors} (${errors === 0 ? 'met' : 'NOT met'}); RSS last vs minute 2 ${rssGrowth.map((g) => `${(g * 100).toFixed(1)} %`).join(', ')} (${rssOk ? 'met' : 'NOT met'}, ≤ 10 %); p99 ${second.p99.toFixed(0)} → ${last.p99.toFixed(0)} ms (${p99Ok ? 'flat' : 'NOT flat'}, ≤ 1.5×)${firstErrors.length ? `; first errors: ${firstErrors.join(' | ')}` : ''}`
    lines.push(`last minute by operation: ${kinds}`, verdict)
    log(`last minute by operation: ${kinds}`)
    log(verdict)
    return { ok: errors === 0 && rssOk && p99Ok, lines }
  } finally {
    const exited = new Promise((r) => server.once('exit', r))
    if (server.exitCode === null) server.kill('SIGTERM')
    await exited
  }
}
