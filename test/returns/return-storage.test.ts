import { afterAll, beforeAll, expect, it } from 'vitest'
import { listAudit } from '../../src/db/repositories/account.repository.js'
import { countReturnRows, findCurrentValues, findReturnById, findRevisions, findValueHistory } from '../../src/db/repositories/return.repository.js'
import { countUploads } from '../../src/db/repositories/upload.repository.js'
import { importReturnFile, type ImportReturnInput } from '../../src/domain/returns/import-return.js'
import { settleBackgroundWork } from '../../src/db/background-work.js'
import { pendingStatus } from '../../src/db/repositories/rollup-state.repository.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { computeRollup } from '../../src/domain/rollup/rollup-engine.js'
import { rebuildRollupState } from '../../src/domain/rollup/rollup-maintenance.js'
import { transitionReturn } from '../../src/domain/returns/return-workflow.js'
import { formLayoutWorkbook, toBuffer, type CellInput } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const CLI = { accountId: null, username: 'cli' }
type Row = [string, string, CellInput]

forEachDialect('storing returns', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  const file = async (rows: Row[], meta: Record<string, string> = {}) => toBuffer(formLayoutWorkbook(rows, { meta, title: ['ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT'] }))
  const run = (bytes: Buffer, extra: Partial<ImportReturnInput> = {}) => importReturnFile(app.services, { bytes, fileName: 'bao-cao.xlsx', dryRun: false, actor: CLI, ...extra })

  it('commits, says so for an identical file, and keeps revisions and value history', async () => {
    const first = await file([['QT01', 'x', 3], ['QT02', 'x', 40], ['TT01', 'x', 5]], { period: '2026Q1' })
    const before = await countUploads(app.db)
    const dry = await run(first, { dryRun: true })
    expect(dry.outcome).toBe('dry_run')
    expect(await countUploads(app.db)).toBe(before)
    expect((await countReturnRows(app.db)).returns).toBe(0)

    const r1 = await run(first)
    expect(r1.outcome).toBe('committed')
    const id = r1.returns[0]!.returnId!
    expect(r1.returns[0]!.revision).toBe(1)
    expect((await findCurrentValues(app.db, id)).map((v) => [v.indicator_code, v.num_value])).toEqual([['QT01', 3], ['QT02', 40], ['TT01', 5]])

    const again = await run(first)
    expect(again.outcome).toBe('duplicate')
    expect(again.message).toMatch(/giống hệt/)
    expect((await findReturnById(app.db, id))!.current_revision).toBe(1)

    const corrected = await run(await file([['QT01', 'x', 4], ['QT02', 'x', 40]]))
    expect(corrected.returns[0]!.revision).toBe(2)
    expect((await findCurrentValues(app.db, id)).map((v) => [v.indicator_code, v.num_value])).toEqual([['QT01', 4], ['QT02', 40]])
    const history = await findValueHistory(app.db, id, 'QT01')
    expect(history.map((h) => [h.revision, h.num_value, h.place, h.file_name])).toEqual([
      [1, 3, 'Biểu 01!E7', 'bao-cao.xlsx'],
      [2, 4, 'Biểu 01!E7', 'bao-cao.xlsx'],
    ])
    expect((await findRevisions(app.db, id)).map((r) => r.sha256)).toEqual([r1.sha256, corrected.sha256])
    const audit = await listAudit(app.db, { rootIds: [r1.returns[0]!.unitId], action: 'return.uploaded', beforeId: null, limit: 10 })
    expect(audit.map((a) => JSON.parse(a.details ?? '{}').sha256)).toEqual([corrected.sha256, r1.sha256])
  })

  it('keeps a refused file, writing no values', async () => {
    const before = await countReturnRows(app.db)
    const uploads = await countUploads(app.db)
    const r = await run(await file([['QT01', 'x', 'năm'], ['QT02', 'x', 2]], { period: '2026Q2' }))
    expect(r.outcome).toBe('refused')
    expect(r.findings.map((f) => `${f.code}@${f.place}`)).toEqual(['IMPORT_NOT_A_NUMBER@Biểu 01!E7'])
    expect(r.uploadId).not.toBeNull()
    expect(await countUploads(app.db)).toBe(uploads + 1)
    expect(await countReturnRows(app.db)).toEqual(before)
  })

  it('leaves the database as it was when a commit fails half way', async () => {
    const before = await countReturnRows(app.db)
    const uploads = await countUploads(app.db)
    const bytes = await file([['QT01', 'x', 1], ['QT02', 'x', 2], ['QT03', 'x', 3], ['QT04', 'x', 4]], { period: '2026Q3' })
    await expect(run(bytes, { hooks: { afterHalfValues: () => { throw new Error('injected fault') } } })).rejects.toThrow('injected fault')
    expect(await countReturnRows(app.db)).toEqual(before)
    expect(await countUploads(app.db)).toBe(uploads)
  })

  it('turns two concurrent uploads for one return into two whole revisions, in order', async () => {
    const a = await file([['QT01', 'x', 10], ['QT02', 'x', 20], ['TT02', 'x', 1]], { period: '2026Q4' })
    const b = await file([['QT01', 'x', 11], ['QT02', 'x', 21]], { period: '2026Q4' })
    const [ra, rb] = await Promise.all([run(a), run(b)])
    expect([ra.outcome, rb.outcome]).toEqual(['committed', 'committed'])
    const id = ra.returns[0]!.returnId!
    expect(rb.returns[0]!.returnId).toBe(id)
    expect([ra.returns[0]!.revision, rb.returns[0]!.revision].sort()).toEqual([1, 2])
    const revisions = await findRevisions(app.db, id)
    expect(revisions.map((r) => r.number)).toEqual([1, 2])
    const last = revisions[1]!.sha256 === ra.sha256 ? ra : rb
    const current = await findCurrentValues(app.db, id)
    expect(current.length).toBe(last.returns[0]!.values.length)
  })

  it('keeps rollups current: a draft counts nowhere, a counted return corrected shows at once and is stored exactly', async () => {
    const ward = (await findUnitByCode(app.db, '01.PL'))!
    const period = parsePeriodId('2027Q2')
    const cityQt01 = async () => (await computeRollup(app.db, 'BC-QT', ward.parent_id!, period, { targets: false })).root.indicators.find((i) => i.code === 'QT01')?.value ?? 0
    const stored = async () => (await app.db.selectFrom('rollup_state').select(['unit_id', 'state', 'texts']).where('form_code', '=', 'BC-QT').where('period_id', '=', '2027Q2').orderBy('unit_id').execute()).map((r) => ({ ...r, state: JSON.parse(r.state) as unknown }))
    const before = await cityQt01()
    const first = await run(await file([['QT01', 'x', 7]], { period: '2027Q2', unit: '01.PL' }))
    expect(first.outcome).toBe('committed')
    expect(await cityQt01()).toBe(before)
    const actor = { accountId: null, username: 'test' }
    const id = first.returns[0]!.returnId!
    await transitionReturn(app.services.database, id, 'submit', actor)
    expect(await cityQt01()).toBe(before + 7)
    await transitionReturn(app.services.database, id, 'sendBack', actor, { reason: 'Sai số đảng viên' })
    // the correction of a counted (sent back) return: the refresh after the commit (no query meanwhile) leaves the
    // stored state exactly what a rebuild from scratch gives
    const corrected = await run(await file([['QT01', 'x', 9]], { period: '2027Q2', unit: '01.PL' }))
    expect([corrected.outcome, corrected.returns[0]!.revision, corrected.returns[0]!.status]).toEqual(['committed', 2, 'returned'])
    await settleBackgroundWork(app.db)
    expect(await pendingStatus(app.db, 'BC-QT', '2027Q2')).toEqual({ pending: false })
    const maintained = await stored()
    expect(maintained.length).toBeGreaterThan(1)
    await rebuildRollupState(app.db, 'BC-QT', '2027Q2')
    expect(maintained).toEqual(await stored())
    expect(await cityQt01()).toBe(before + 9)
  })

  it('runs the workflow: submit late, send back, resubmit, approve locks, reopen unlocks', async () => {
    const r = await run(await file([['QT01', 'x', 1]], { period: '2026Q1', unit: '01.PL', scope: 'consolidated' }))
    const id = r.returns[0]!.returnId!
    const db = app.services.database
    const actor = { accountId: null, username: 'test' }
    // BC-QT deadline for 2026Q1: the 14th of the last month, 2026-03-14.
    const submitted = await transitionReturn(db, id, 'submit', actor, { now: new Date('2026-03-20T03:00:00Z') })
    expect(submitted).toMatchObject({ status: 'submitted', late_days: 6 })
    await expect(transitionReturn(db, id, 'sendBack', actor, { reason: ' ' })).rejects.toMatchObject({ code: 'RETURN_REASON_REQUIRED' })
    expect(await transitionReturn(db, id, 'sendBack', actor, { reason: 'Thiếu số liệu TT01' })).toMatchObject({ status: 'returned', returned_reason: 'Thiếu số liệu TT01' })
    expect(await transitionReturn(db, id, 'submit', actor, { now: new Date('2026-03-10T03:00:00Z') })).toMatchObject({ status: 'submitted', late_days: 0 })
    await transitionReturn(db, id, 'approve', actor)
    const locked = await run(await file([['QT01', 'x', 2]], { period: '2026Q1', unit: '01.PL', scope: 'consolidated' }))
    expect(locked.outcome).toBe('refused')
    expect(locked.findings.map((f) => f.code)).toEqual(['RETURN_LOCKED'])
    await expect(transitionReturn(db, id, 'submit', actor)).rejects.toMatchObject({ code: 'RETURN_LOCKED' })
    // Approved by the system actor: only an administrator over the unit may reopen it.
    await expect(transitionReturn(db, id, 'reopen', { accountId: null, username: 'someone-else' })).rejects.toMatchObject({ code: 'RETURN_REOPEN_NOT_APPROVER', message: expect.stringContaining('(hệ thống)') })
    await transitionReturn(db, id, 'reopen', { ...actor, administersUnit: true })
    const after = await run(await file([['QT01', 'x', 2]], { period: '2026Q1', unit: '01.PL', scope: 'consolidated' }))
    expect(after.outcome).toBe('committed')
    expect(after.returns[0]!.revision).toBe(2)
    const actions = (await listAudit(app.db, { rootIds: [r.returns[0]!.unitId], action: null, beforeId: null, limit: 50 })).map((a) => a.action).filter((a) => a.startsWith('return.'))
    expect(actions.slice(0, 7)).toEqual(['return.uploaded', 'return.reopened', 'return.approved', 'return.submitted', 'return.returned', 'return.submitted', 'return.uploaded'])
  })
})
