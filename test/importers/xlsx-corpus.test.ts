import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { countReturnRows } from '../../src/db/repositories/return.repository.js'
import { importReturnFile } from '../../src/domain/returns/import-return.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { XLSX_CORPUS_DIR } from '../support/fixture-dirs.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const CORPUS = XLSX_CORPUS_DIR

function corpusFiles(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (!name.endsWith('.md')) out.push(p)
    }
  }
  walk(CORPUS)
  return out
}

forEachDialect('the shared xlsx corpus', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  it('gives every file a parse or a clear finding, never an exception, and writes no returns', { timeout: 240_000 }, async () => {
    const files = corpusFiles()
    expect(files.length).toBeGreaterThan(100)
    const outcomes = new Map<string, number>()
    for (const file of files) {
      const started = performance.now()
      const r = await importReturnFile(app.services, { bytes: readFileSync(file), fileName: file.slice(CORPUS.length + 1), dryRun: false, actor: { accountId: null, username: 'cli' } })
      expect(performance.now() - started, file).toBeLessThan(30_000)
      expect(r.outcome, file).toBe('refused')
      expect(r.findings.length, file).toBeGreaterThan(0)
      for (const f of r.findings) expect(f.message.length, file).toBeGreaterThan(10)
      const first = r.findings.find((f) => f.severity === 'error')?.code ?? 'none'
      outcomes.set(first, (outcomes.get(first) ?? 0) + 1)
    }
    expect(await countReturnRows(app.db)).toEqual({ returns: 0, revisions: 0, values: 0, current: 0 })
    expect(outcomes.get('IMPORT_NO_TABLE')).toBeGreaterThan(50)
  })
})
