import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { openSqlite } from '../../src/db/create-database.js'
import { findCurrentValues, findRevisions } from '../../src/db/repositories/return.repository.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'

const run = promisify(execFile)
const BIN = new URL('../../bin/tonghop.js', import.meta.url).pathname

// Two processes on one SQLite file (a second server worker, a clerk running `tonghop import` while the server runs):
// each upload lands whole, none is lost to a lock error.
describe('two processes importing into one SQLite file at once', () => {
  it('commits every upload of both processes as its own whole revision', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-multi-'))
    try {
      const env = { ...process.env, DATABASE_URL: '', TONGHOP_DB_FILE: join(dir, 'db.sqlite') }
      await run(process.execPath, [BIN, 'seed'], { env })
      const files: string[][] = [[], []]
      for (let i = 0; i < 8; i++) {
        const f = join(dir, `upload-${i}.xlsx`)
        writeFileSync(f, await toBuffer(formLayoutWorkbook([['QT01', 'x', 100 + i], ['QT02', 'x', 200 + i], ['QT03', 'x', i]])))
        files[i % 2]!.push(f)
      }
      const results = await Promise.all(files.map((list) => run(process.execPath, [BIN, 'import', ...list, '--json'], { env })))
      const outcomes = results.flatMap((r) => r.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { outcome: string }).outcome))
      expect(outcomes).toEqual(Array(8).fill('committed'))

      const handle = openSqlite(join(dir, 'db.sqlite'))
      try {
        const unit = await findUnitByCode(handle.db, '01.PL')
        const ret = await handle.db.selectFrom('returns').select('id').where('unit_id', '=', unit!.id).where('form_code', '=', 'BC-QT').executeTakeFirstOrThrow()
        const revisions = await findRevisions(handle.db, ret.id)
        expect(revisions.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
        // the current values are exactly the last revision's file, all three of them
        const current = await findCurrentValues(handle.db, ret.id)
        const last = Number(/upload-(\d)/.exec(String(revisions[7]!.file_name))![1])
        expect(Object.fromEntries(current.map((v) => [v.indicator_code, v.num_value]))).toEqual({ QT01: 100 + last, QT02: 200 + last, QT03: last })
      } finally {
        await handle.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
