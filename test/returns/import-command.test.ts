import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { openSqlite } from '../../src/db/create-database.js'
import { findRevisions } from '../../src/db/repositories/return.repository.js'
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

  it('commits a batch in the order of its arguments, each file its own revision', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-import-'))
    const env = { TONGHOP_DB_FILE: join(dir, 'db.sqlite') }
    expect((await tonghop(['seed'], env)).code).toBe(0)
    const names = ['c.xlsx', 'a.xlsx', 'b.xlsx', 'd.xlsx']
    for (const [i, n] of names.entries()) writeFileSync(join(dir, n), await toBuffer(formLayoutWorkbook([['QT01', 'x', 10 + i]])))
    const r = await tonghop(['import', ...names.map((n) => join(dir, n)), '--json'], env)
    expect(r.code).toBe(0)
    const handle = openSqlite(join(dir, 'db.sqlite'))
    try {
      const ret = await handle.db.selectFrom('returns').select('id').where('form_code', '=', 'BC-QT').executeTakeFirstOrThrow()
      expect((await findRevisions(handle.db, ret.id)).map((v) => [v.number, v.file_name])).toEqual(names.map((n, i) => [i + 1, n]))
    } finally {
      await handle.close()
    }
  })
})
