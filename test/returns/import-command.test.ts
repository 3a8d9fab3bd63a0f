import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'

const run = promisify(execFile)
const BIN = new URL('../../bin/tonghop.js', import.meta.url).pathname

async function tonghop(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env } })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

describe('tonghop import (SQLite file)', () => {
  it('imports, refuses, dry-runs, and exits 0/1/2', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-import-'))
    const env = { TONGHOP_DB_FILE: join(dir, 'db.sqlite') }
    expect((await tonghop(['seed'], env)).code).toBe(0)
    const good = join(dir, 'good.xlsx')
    const bad = join(dir, 'bad.xlsx')
    writeFileSync(good, await toBuffer(formLayoutWorkbook([['QT01', 'x', 2]])))
    writeFileSync(bad, 'not a workbook, just text')
    expect((await tonghop(['import'], env)).code).toBe(2)
    const dry = await tonghop(['import', good, '--dry-run', '--json'], env)
    expect(dry.code).toBe(0)
    expect(JSON.parse(dry.stdout.trim())).toMatchObject({ outcome: 'dry_run', returns: [{ unitCode: '01.PL' }] })
    const both = await tonghop(['import', good, bad], env)
    expect(both.code).toBe(1)
    expect(both.stdout).toMatch(/good\.xlsx: Đã lưu số liệu/)
    expect(both.stdout).toMatch(/bad\.xlsx: Tệp bị từ chối/)
    const again = await tonghop(['import', good], env)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/giống hệt/)
  })
})
