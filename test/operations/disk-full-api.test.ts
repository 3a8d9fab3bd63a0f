import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { countReturnRows } from '../../src/db/repositories/return.repository.js'
import { countUploads } from '../../src/db/repositories/upload.repository.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { writeBatch } from './ops-fixtures.js'

const UPLOAD = `mutation($file: File!) { uploadReturn(file: $file) { __typename ... on MutationUploadReturnSuccess { data { outcome } } ... on Error { code message } } }`

// The clerk's side of a full disk: the upload through the API says, in Vietnamese, that nothing was saved and whom to
// tell — not "Unexpected error." — and the operator's reading (which names files and settings) goes to the log only.
describe('a disk full under an upload through the API', () => {
  let app: TestApp
  let dir: string
  beforeAll(async () => {
    app = await createTestApp('sqlite')
    dir = mkdtempSync(join(tmpdir(), 'tonghop-full-'))
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const upload = async (bytes: Buffer) => {
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null } }))
    form.append('map', JSON.stringify({ 0: ['variables.file'] }))
    form.append('0', new File([new Uint8Array(bytes)], 'bao-cao.xlsx'))
    const token = await app.tokenFor('phucloi.nhaplieu')
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
    return (await res.json()) as { data?: { uploadReturn: { data?: { outcome: string } } | null } | null; errors?: { message: string; extensions?: { code?: string } }[] }
  }

  it('answers DB_DISK_FULL in words a clerk can act on, stores nothing, and the same file lands once there is room', { timeout: 60_000 }, async () => {
    const [file] = await writeBatch(dir, 1, 1, ['01.PL'])
    const bytes = readFileSync(file!.path)
    const sqlite = app.services.database.sqlite!
    const before = { rows: await countReturnRows(app.db), uploads: await countUploads(app.db) }
    sqlite.exec('vacuum')
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`)
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    let full
    let logged = ''
    try {
      full = await upload(bytes)
      logged = log.mock.calls.flat().join(' ')
    } finally {
      log.mockRestore()
    }
    expect(full.errors?.[0]?.extensions?.code).toBe('DB_DISK_FULL')
    expect(full.errors?.[0]?.message).toMatch(/ổ đĩa của máy chủ đã đầy\. Không có gì bị ghi dở\. Hãy báo quản trị viên hệ thống/)
    expect(full.errors?.[0]?.message).not.toMatch(/TONGHOP_|sqlite|SQLITE/i)
    expect(logged).toMatch(/DB_DISK_FULL/)
    expect({ rows: await countReturnRows(app.db), uploads: await countUploads(app.db) }).toEqual(before)
    sqlite.pragma('max_page_count = 1073741823')
    expect((await upload(bytes)).data?.uploadReturn?.data?.outcome).toBe('committed')
  })
})
