// The backup file: a first line naming the format, a JSON header line, then the payload (gzip of JSON lines: for each
// table a {"table","columns"} line followed by one JSON array per row, blobs as {"b64": …}). The header carries the
// dialect it was taken from, the schema version (every migration applied), the row counts and the SHA-256 and length
// of the payload, so a restore refuses a damaged or newer file before touching the target.
import { open } from 'node:fs/promises'
import { OperationError } from './operation-error.js'

export const BACKUP_MAGIC = 'TONGHOP-BACKUP'
export const BACKUP_FORMAT = 1
const MAX_HEADER_BYTES = 1024 * 1024

export interface BackupHeader {
  format: number
  dialect: 'sqlite' | 'postgres'
  /** The latest migration applied when the backup was taken. */
  schemaVersion: string
  migrations: string[]
  createdAt: string
  payloadBytes: number
  payloadSha256: string
  rows: Record<string, number>
  /** (form, period) pairs with counted returns: their rollup state (derived, sparse, not copied) is rebuilt after a restore. */
  rollupPairs: { form: string; period: string }[]
}

export function encodeHeader(h: BackupHeader): Buffer {
  return Buffer.from(`${BACKUP_MAGIC} ${h.format}\n${JSON.stringify(h)}\n`, 'utf8')
}

function damaged(file: string, why: string, whyEn: string): OperationError {
  return new OperationError('BACKUP_DAMAGED', `Tệp sao lưu "${file}" bị hỏng hoặc không phải tệp sao lưu của tonghop: ${why}. Không có gì được khôi phục.`, `The backup file is damaged or not a tonghop backup: ${whyEn}. Nothing was restored.`)
}

/** Reads and checks the header; `offset` is where the payload starts. */
export async function readHeader(file: string): Promise<{ header: BackupHeader; offset: number }> {
  const handle = await open(file, 'r').catch(() => {
    throw new OperationError('BACKUP_NOT_FOUND', `Không mở được tệp sao lưu "${file}".`, `Cannot open the backup file "${file}".`)
  })
  try {
    const buf = Buffer.alloc(MAX_HEADER_BYTES)
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0)
    const head = buf.subarray(0, bytesRead)
    const first = head.indexOf(0x0a)
    const second = first < 0 ? -1 : head.indexOf(0x0a, first + 1)
    if (first < 0 || second < 0) throw damaged(file, 'thiếu phần đầu tệp', 'the header is missing')
    const magic = head.subarray(0, first).toString('utf8').split(' ')
    if (magic[0] !== BACKUP_MAGIC) throw damaged(file, 'dòng đầu không phải "TONGHOP-BACKUP"', 'the first line is not "TONGHOP-BACKUP"')
    const format = Number(magic[1])
    if (!Number.isInteger(format)) throw damaged(file, 'không đọc được số phiên bản định dạng', 'the format version is unreadable')
    if (format > BACKUP_FORMAT) {
      throw new OperationError(
        'BACKUP_FORMAT_NEWER',
        `Tệp sao lưu dùng định dạng phiên bản ${format}, mới hơn phiên bản ${BACKUP_FORMAT} mà bản tonghop này đọc được. Hãy khôi phục bằng bản tonghop mới hơn.`,
        `The backup uses format ${format}; this tonghop reads format ${BACKUP_FORMAT}. Restore it with a newer tonghop.`,
      )
    }
    let header: BackupHeader
    try {
      header = JSON.parse(head.subarray(first + 1, second).toString('utf8')) as BackupHeader
    } catch {
      throw damaged(file, 'phần đầu tệp không đọc được', 'the header is not valid JSON')
    }
    if (typeof header.payloadSha256 !== 'string' || !Number.isInteger(header.payloadBytes) || !Array.isArray(header.migrations)) {
      throw damaged(file, 'phần đầu tệp thiếu thông tin', 'the header lacks fields')
    }
    return { header, offset: second + 1 }
  } finally {
    await handle.close()
  }
}

export function damagedPayload(file: string, detail: string, detailEn: string): OperationError {
  return damaged(file, detail, detailEn)
}

/** A value as stored in the payload: JSON has no bytes. */
export function encodeValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { b64: v.toString('base64') }
  if (v instanceof Uint8Array) return { b64: Buffer.from(v).toString('base64') }
  return v
}

export function decodeValue(v: unknown): string | number | null | Buffer {
  if (v !== null && typeof v === 'object' && 'b64' in v) return Buffer.from(String((v as { b64: string }).b64), 'base64')
  return v as string | number | null
}
