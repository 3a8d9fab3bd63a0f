import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { MAX_FILE_BYTES } from '../../importers/zip-guard.js'
import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { migrateToLatest } from '../db/migrate.js'
import { assertReadyForImport } from '../domain/operations/database-readiness.js'
import { importReturnFiles } from '../domain/returns/import-batch.js'
import type { ImportResult, ReturnScope } from '../domain/returns/import-return.js'
import { UsageError, type CliCommand } from './usage-error.js'

function printResult(file: string, r: ImportResult): void {
  console.log(`${file}: ${r.message}`)
  for (const f of r.findings) console.log(`  ${f.severity === 'error' ? 'LỖI' : 'cảnh báo'} ${f.code}${f.place ? ` [${f.place}]` : ''}: ${f.message}`)
}

/** At most one byte past the size cap: the zip guard refuses a file over it from its size alone. */
async function readCapped(file: string): Promise<Buffer> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(Math.min((await handle.stat()).size, MAX_FILE_BYTES + 1))
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

function progress(done: number, total: number): void {
  const width = 30
  const filled = Math.round((done / total) * width)
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`)
  if (done === total) process.stderr.write('\n')
}

export const importCommand: CliCommand = {
  summary: 'Nhập tệp Excel báo cáo (một hay nhiều tệp)',
  help: `tonghop import FILE… [--dry-run] [--json] [--unit MÃ] [--form MÃ] [--period KỲ] [--scope own|consolidated]

Đọc, kiểm tra và lưu từng tệp như khi tải lên qua giao diện (người nhập: "cli").
--dry-run: chỉ kiểm tra, không lưu gì. --json: in kết quả dạng JSON (mỗi tệp một dòng).
Mã thoát: 0 tất cả tệp được nhận, 1 có tệp bị từ chối, 2 sai cách dùng.`,
  run: async (argv) => {
    let parsed
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, unit: { type: 'string' }, form: { type: 'string' }, period: { type: 'string' }, scope: { type: 'string' } },
      })
    } catch (e) {
      throw new UsageError((e as Error).message)
    }
    const { values, positionals } = parsed
    if (positionals.length === 0) throw new UsageError('Cần ít nhất một tệp .xlsx')
    if (values.scope && values.scope !== 'own' && values.scope !== 'consolidated') throw new UsageError(`--scope phải là own hoặc consolidated (nhận "${values.scope}")`)
    for (const f of positionals) {
      const s = await stat(f).catch(() => null)
      if (!s?.isFile()) throw new UsageError(`Không đọc được tệp "${f}"`)
    }
    const database = openDatabase(loadConfig())
    const showBar = !values.json && positionals.length > 3 && process.stderr.isTTY
    let refused = 0
    try {
      await migrateToLatest(database.db)
      await assertReadyForImport(database.db)
      let done = 0
      await importReturnFiles(
        database,
        positionals.length,
        async (i) => ({
          bytes: await readCapped(positionals[i] as string),
          fileName: basename(positionals[i] as string),
          unitCode: values.unit ?? null,
          formCode: values.form ?? null,
          periodId: values.period ?? null,
          scope: (values.scope as ReturnScope | undefined) ?? null,
          dryRun: values['dry-run'] ?? false,
          actor: { accountId: null, username: 'cli' },
        }),
        (i, r) => {
          const file = positionals[i] as string
          if (r.outcome === 'refused') refused++
          if (values.json) console.log(JSON.stringify({ file, ...r }))
          else if (!showBar || r.outcome === 'refused') printResult(file, r)
          if (showBar) progress(++done, positionals.length)
        },
      )
    } finally {
      await database.close()
    }
    return refused > 0 ? 1 : 0
  },
}
