import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { findAccountByUsername } from '../../src/db/repositories/account.repository.js'
import { findUploadById, lastUploadId } from '../../src/db/repositories/upload.repository.js'
import { importReturnFile, type ImportResult } from '../../src/domain/returns/import-return.js'
import type { KeptFileQuota } from '../../src/domain/returns/kept-file-quota.js'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

type Json = Record<string, any>
const KB = 1024
const MB = 1024 * KB

forEachDialect('refused files are kept only within a quota', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  async function uploadOverApi(bytes: Buffer): Promise<Json> {
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadReturn(file: $f) { ... on MutationUploadReturnSuccess { data { outcome findings { severity code message } } } } }', variables: { f: null } }))
    form.append('map', JSON.stringify({ 0: ['variables.f'] }))
    form.append('0', new File([new Uint8Array(bytes)], 'bao-cao.xlsx'))
    const token = await app.tokenFor('phucloi.nhaplieu')
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' } })
    const body = (await res.json()) as Json
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    return body.data.uploadReturn.data
  }

  const stored = async (uploadId: number | null) => {
    const row = await findUploadById(app.db, uploadId as number)
    return { size: row!.size_bytes, kept: row!.content.length, dropped: row!.content_dropped }
  }

  it('does not keep a refused file over 1 MB (the probe: ten refused 10 MB files), yet records it and says so', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await uploadOverApi(randomBytes(2 * MB))
      expect(r.outcome).toBe('refused')
      const notice = r.findings.find((f: Json) => f.code === 'UPLOAD_FILE_NOT_KEPT')
      expect(notice).toMatchObject({ severity: 'warning' })
      expect(notice.message).toMatch(/không được lưu lại.*lớn hơn 1 MB/)
      expect(await stored(await lastUploadId(app.db))).toEqual({ size: 2 * MB, kept: 0, dropped: 'file_size' })
    }
  })

  async function importAs(username: string, bytes: Buffer, quota: KeptFileQuota): Promise<ImportResult> {
    const account = await findAccountByUsername(app.db, username)
    return importReturnFile(app.services, { bytes, fileName: 'x.xlsx', dryRun: false, actor: { accountId: account!.id, username }, keptFileQuota: quota })
  }

  it('keeps small refused files up to the account\'s daily budget, then the total one; the same file is stored once', async () => {
    const quota: KeptFileQuota = { fileBytes: 1 * MB, accountBytesPerDay: 300 * KB, totalBytesPerDay: 450 * KB }
    const kept: (string | null)[] = []
    for (let i = 0; i < 4; i++) {
      const r = await importAs('bachdang.nhaplieu', randomBytes(100 * KB), quota)
      expect(r.outcome).toBe('refused')
      kept.push((await stored(r.uploadId)).dropped)
    }
    expect(kept).toEqual([null, null, null, 'account_budget'])
    const other = await importAs('daitu.nhaplieu', randomBytes(100 * KB), quota)
    expect((await stored(other.uploadId)).dropped).toBeNull()
    const file = randomBytes(100 * KB)
    const third = await importAs('tuyengiao.hanoi', file, quota)
    expect((await stored(third.uploadId)).dropped).toBe('total_budget')
    expect(third.findings.find((f) => f.code === 'UPLOAD_FILE_NOT_KEPT')?.message).toMatch(/hệ thống đã dùng hết/)
    const sameA = await importAs('tuyengiao.hanoi', Buffer.from('the same bad file'), { ...quota, totalBytesPerDay: 10 * MB })
    const sameB = await importAs('tuyengiao.hanoi', Buffer.from('the same bad file'), { ...quota, totalBytesPerDay: 10 * MB })
    expect((await stored(sameA.uploadId)).kept).toBeGreaterThan(0)
    expect(await stored(sameB.uploadId)).toMatchObject({ kept: 0, dropped: 'same_file' })
    expect(sameB.findings.some((f) => f.code === 'UPLOAD_FILE_NOT_KEPT')).toBe(false)
  })

  it('always keeps a committed file, whatever the budgets', async () => {
    const bytes = await toBuffer(formLayoutWorkbook([['QT01', 'x', 3]]))
    const r = await importAs('phucloi.nhaplieu', bytes, { fileBytes: 0, accountBytesPerDay: 0, totalBytesPerDay: 0 })
    expect(r.outcome).toBe('committed')
    expect(await stored(r.uploadId)).toEqual({ size: bytes.length, kept: bytes.length, dropped: null })
  })
})
