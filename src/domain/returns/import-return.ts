// Importing one uploaded workbook as one or more returns: read and check everything first (return-analysis.ts, no
// transaction open), then write all of the file's values in one transaction, or none (return-commit.ts). Refused and
// duplicate files are kept too.
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { hasErrors, importError } from '../../../importers/import-finding.js'
import type { Database } from '../../db/database-types.js'
import { currentUploadSha } from '../../db/repositories/upload.repository.js'
import type { ImportResult, ImportReturnInput, ImportTarget } from './import-return-types.js'
import { analyse } from './return-analysis.js'
import { commitPlanned, finish } from './return-commit.js'

export type { ImportActor, ImportedReturn, ImportOutcome, ImportResult, ImportReturnInput, ImportTarget, ReturnScope } from './import-return-types.js'

function handleOf(t: ImportTarget): { db: Kysely<Database>; dialect: 'sqlite' | 'postgres' } {
  return 'database' in t ? t.database : t
}

export async function importReturnFile(target: ImportTarget, input: ImportReturnInput): Promise<ImportResult> {
  const { db, dialect } = handleOf(target)
  const bytes = Buffer.isBuffer(input.bytes) ? input.bytes : Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const base: ImportResult = {
    outcome: 'refused',
    message: '',
    fileName: input.fileName,
    sha256,
    uploadId: null,
    formCode: null,
    periodId: null,
    scope: input.scope ?? 'own',
    layout: null,
    returns: [],
    findings: [],
  }
  const analysed = await analyse(db, bytes, input, base)
  const result = analysed.result
  const planned = analysed.planned
  if (hasErrors(result.findings) || planned.length === 0) {
    if (planned.length === 0 && !hasErrors(result.findings)) result.findings.push(importError('IMPORT_NO_VALUES', 'Tệp không có số liệu nào để lưu.'))
    return finish(db, bytes, input, { ...result, outcome: 'refused' })
  }
  // Identical to what every return already holds: nothing to change.
  const shas = await Promise.all(planned.map((p) => (p.existingId === null ? null : currentUploadSha(db, p.existingId))))
  // Nothing is written, so each return is reported at the revision it already has, never at one that does not exist.
  if (shas.every((s) => s === sha256)) return finish(db, bytes, input, { ...result, returns: result.returns.map((r) => ({ ...r, revision: r.revision === null ? null : r.revision - 1 })), outcome: 'duplicate' })
  if (input.dryRun) return finish(db, bytes, input, { ...result, outcome: 'dry_run' })
  return commitPlanned(db, dialect, bytes, input, analysed)
}
