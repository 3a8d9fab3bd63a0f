// First look at an uploaded workbook, before exceljs: exceljs has no decompression limits (a 308 KB upload
// became a 315 MB sheet), and every wrong-format upload deserves a message a ward clerk can act on.
// Only the zip central directory is read; nothing is decompressed (see verifyXlsxInflation for that).
import { inflateRawSync } from 'node:zlib'
import yauzl from 'yauzl'
import type { Entry, ZipFile } from 'yauzl'

export interface ZipEntryData {
  /** The entry's name, without a leading "/". */
  readonly name: string
  readonly data: Buffer
}

export const MAX_FILE_BYTES = 10 * 1024 * 1024
export const MAX_ENTRIES = 2000
export const MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
export const MAX_ENTRY_UNCOMPRESSED = 100 * 1024 * 1024
export const MAX_RATIO = 200
// Only entries this large can hurt, so smaller ones are not held to the ratio (where a few bytes of header
// already swing it). The corpus peaks at 121:1, for a 57 MB sheet of repeated strings.
export const RATIO_CHECK_MIN_BYTES = 1024 * 1024

export interface ZipLimits {
  readonly maxFileBytes: number
  readonly maxEntries: number
  readonly maxTotalUncompressed: number
  readonly maxEntryUncompressed: number
  readonly maxRatio: number
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxFileBytes: MAX_FILE_BYTES,
  maxEntries: MAX_ENTRIES,
  maxTotalUncompressed: MAX_TOTAL_UNCOMPRESSED,
  maxEntryUncompressed: MAX_ENTRY_UNCOMPRESSED,
  maxRatio: MAX_RATIO,
}

export type ZipRejectionCode =
  | 'FILE_TOO_LARGE'
  | 'FILE_EMPTY'
  | 'FILE_NOT_XLSX_XLS'
  | 'FILE_NOT_XLSX_CSV'
  | 'FILE_NOT_XLSX_ODS'
  | 'FILE_NOT_XLSX_XLSB'
  | 'FILE_NOT_XLSX'
  | 'FILE_ENCRYPTED'
  | 'FILE_CORRUPT'
  | 'FILE_ZIP_BOMB'

export type ZipInspection =
  | { readonly ok: true; readonly entries: number; readonly totalUncompressed: number }
  | {
      readonly ok: false
      readonly code: ZipRejectionCode
      /** Vietnamese, shown to the person who uploaded the file. */
      readonly message: string
      /** English, for logs only. */
      readonly detail?: string
    }

const SAVE_AS_XLSX = 'Hãy mở tệp bằng Excel, chọn Tệp › Lưu thành (File › Save As), chọn kiểu "Excel Workbook (*.xlsx)" rồi tải lên lại.'

const MESSAGES: Record<ZipRejectionCode, string> = {
  FILE_EMPTY: 'Tệp tải lên không có dữ liệu (0 byte). Vui lòng chọn lại đúng tệp Excel (.xlsx) của báo cáo.',
  // tooLarge() states the sizes; this is the fallback wording.
  FILE_TOO_LARGE: 'Tệp vượt quá dung lượng cho phép. Hãy xóa các trang tính, hình ảnh không cần thiết, lưu lại rồi tải lên.',
  FILE_NOT_XLSX_XLS: `Tệp đang ở định dạng Excel 97–2003 (.xls) cũ; hệ thống chỉ nhận tệp .xlsx. ${SAVE_AS_XLSX}`,
  FILE_NOT_XLSX_CSV: `Tệp là dạng văn bản (CSV/TXT), không phải bảng tính Excel .xlsx. Vui lòng dùng đúng biểu mẫu .xlsx được giao, hoặc ${SAVE_AS_XLSX.charAt(0).toLowerCase()}${SAVE_AS_XLSX.slice(1)}`,
  FILE_NOT_XLSX_ODS: 'Tệp được lưu bằng LibreOffice/OpenOffice (.ods), không phải .xlsx. Hãy mở tệp, chọn Tệp › Lưu thành, chọn kiểu "Excel 2007-365 (.xlsx)" rồi tải lên lại.',
  FILE_NOT_XLSX_XLSB: `Tệp đang ở định dạng Excel nhị phân (.xlsb); hệ thống chỉ nhận tệp .xlsx. ${SAVE_AS_XLSX}`,
  FILE_NOT_XLSX: 'Tệp không phải bảng tính Excel (.xlsx). Vui lòng chọn đúng tệp báo cáo theo biểu mẫu được giao.',
  FILE_ENCRYPTED: 'Tệp đang được đặt mật khẩu nên hệ thống không đọc được. Hãy mở tệp, gỡ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi tải lên.',
  FILE_CORRUPT: 'Tệp Excel bị hỏng hoặc chưa tải lên trọn vẹn nên không đọc được. Hãy mở thử tệp bằng Excel, lưu lại rồi tải lên lần nữa.',
  FILE_ZIP_BOMB: 'Tệp có cấu trúc bất thường (dữ liệu sau khi giải nén quá lớn) nên hệ thống từ chối để bảo đảm an toàn. Hãy mở tệp bằng Excel, xóa các trang, vùng dữ liệu và hình ảnh thừa, lưu lại rồi tải lên; nếu vẫn lỗi, vui lòng liên hệ quản trị hệ thống.',
}

type ZipRejection = ZipInspection & { readonly ok: false }

function reject(code: ZipRejectionCode, detail: string, message = MESSAGES[code]): ZipRejection {
  return { ok: false, code, message, detail }
}

function megabytes(n: number): string {
  return (n / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })
}

function tooLarge(size: number, limit: number): ZipInspection {
  return reject(
    'FILE_TOO_LARGE',
    `file is ${size} bytes, limit ${limit}`,
    `Tệp quá lớn (${megabytes(size)} MB); dung lượng tối đa là ${megabytes(limit)} MB. Hãy xóa các trang tính, hình ảnh không cần thiết, lưu lại rồi tải lên.`,
  )
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
const ZIP_LOCAL = Buffer.from('PK\x03\x04', 'latin1')
const ZIP_EMPTY = Buffer.from('PK\x05\x06', 'latin1')
// Password-protected .xlsx files are OLE2 containers holding these streams (names stored as UTF-16LE).
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le')
const PDF = Buffer.from('%PDF-', 'latin1')

function classifyNonZip(bytes: Buffer): ZipInspection {
  if (bytes.subarray(0, 8).equals(OLE2)) {
    if (bytes.includes(ENCRYPTED_PACKAGE)) return reject('FILE_ENCRYPTED', 'OLE2 container with an EncryptedPackage stream')
    return reject('FILE_NOT_XLSX_XLS', 'OLE2 compound file (BIFF .xls)')
  }
  // Clerks often upload the signed PDF instead of the spreadsheet.
  if (bytes.subarray(0, 5).equals(PDF)) {
    return reject('FILE_NOT_XLSX', 'PDF document', 'Tệp là bản PDF, không phải bảng tính Excel. Vui lòng tải lên tệp Excel (.xlsx) của báo cáo (bản PDF có chữ ký gửi kèm theo quy định riêng, nếu có).')
  }
  const text = sampleText(bytes)
  if (text === null) return reject('FILE_NOT_XLSX', 'unknown binary content')
  const head = text.trimStart().slice(0, 2048).toLowerCase()
  // Many programs export "Excel" files that are really HTML tables or Excel 2003 XML; Excel opens them and
  // "Save As .xlsx" fixes them, exactly as for a real .xls.
  if (/^<(?:!doctype html|html|table|\?xml)/.test(head) && /<html|<table|urn:schemas-microsoft-com:office:spreadsheet/.test(head)) {
    return reject(
      'FILE_NOT_XLSX_XLS',
      'HTML table or SpreadsheetML 2003 saved with an Excel extension',
      `Tệp là trang web/XML mang đuôi Excel (thường do phần mềm khác xuất ra), không phải tệp .xlsx thật. ${SAVE_AS_XLSX}`,
    )
  }
  return reject('FILE_NOT_XLSX_CSV', 'plain text')
}

/** Decodes the first bytes as text, or null when they look binary (control bytes a text file never has). */
function sampleText(bytes: Buffer): string | null {
  const sample = bytes.subarray(0, 4096)
  if (sample[0] === 0xff && sample[1] === 0xfe) return sample.subarray(2).toString('utf16le') // Excel "Unicode Text"
  if (sample[0] === 0xfe && sample[1] === 0xff) return Buffer.from(sample.subarray(2)).swap16().toString('utf16le')
  for (const b of sample) {
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) return null
  }
  // Legacy 8-bit text (TCVN3 CSV) is still text; latin1 never fails, and only the ASCII head matters above.
  return sample.toString('latin1')
}

interface CentralDirectory {
  readonly names: ReadonlySet<string>
  readonly entries: number
  readonly totalUncompressed: number
  readonly mimetype: Entry | undefined
}

function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, rejectPromise) => {
    // decodeStrings:false: yauzl would otherwise raise on "/xl/workbook.xml" or backslashes, which are odd
    // but not corrupt; names are checked here instead.
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) rejectPromise(err ?? new Error('no zip file'))
      else resolve(zip)
    })
  })
}

function entryName(entry: Entry): string {
  // With decodeStrings:false yauzl hands over the raw bytes; the names that matter are ASCII.
  const raw = entry.fileName as unknown
  const name = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)
  // exceljs strips a leading "/" the same way.
  return name.startsWith('/') ? name.slice(1) : name
}

class Rejection extends Error {
  readonly inspection: ZipInspection
  constructor(inspection: ZipInspection) {
    super(inspection.ok ? 'ok' : inspection.code)
    this.inspection = inspection
  }
}

function readCentralDirectory(zip: ZipFile, fileSize: number, limits: ZipLimits): Promise<CentralDirectory> {
  return new Promise((resolve, rejectPromise) => {
    const names = new Set<string>()
    let total = 0
    let mimetype: Entry | undefined
    let settled = false
    const fail = (err: unknown): void => {
      if (settled) return
      settled = true
      zip.close()
      rejectPromise(err)
    }
    zip.on('error', fail)
    zip.on('end', () => {
      if (settled) return
      settled = true
      resolve({ names, entries: names.size, totalUncompressed: total, mimetype })
    })
    zip.on('entry', (entry: Entry) => {
      const name = entryName(entry)
      const bomb = (detail: string): void => fail(new Rejection(reject('FILE_ZIP_BOMB', detail)))
      if (names.has(name)) return fail(new Rejection(reject('FILE_CORRUPT', `duplicate entry ${name}`)))
      names.add(name)
      if (entry.generalPurposeBitFlag & 0x1) return fail(new Rejection(reject('FILE_ENCRYPTED', `encrypted entry ${name}`)))
      if (entry.compressedSize > fileSize || entry.relativeOffsetOfLocalHeader >= fileSize) {
        return fail(new Rejection(reject('FILE_CORRUPT', `entry ${name} points outside the file`)))
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        return fail(new Rejection(reject('FILE_NOT_XLSX', `entry ${name} uses compression method ${entry.compressionMethod}`, `Tệp được nén theo kiểu mà Excel không dùng cho tệp .xlsx. ${SAVE_AS_XLSX}`)))
      }
      if (entry.uncompressedSize > limits.maxEntryUncompressed) {
        return bomb(`entry ${name} declares ${entry.uncompressedSize} bytes, limit ${limits.maxEntryUncompressed}`)
      }
      total += entry.uncompressedSize
      if (total > limits.maxTotalUncompressed) return bomb(`declared total ${total} bytes, limit ${limits.maxTotalUncompressed}`)
      if (entry.uncompressedSize >= RATIO_CHECK_MIN_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
        return bomb(`entry ${name} ratio ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1, limit ${limits.maxRatio}:1`)
      }
      if (name === 'mimetype') mimetype = entry
      zip.readEntry()
    })
    zip.readEntry()
  })
}

const MIMETYPE_MAX_BYTES = 256

/** The ODF "mimetype" entry: stored first and uncompressed by the spec, tiny either way. */
async function readMimetype(zip: ZipFile, entry: Entry): Promise<string> {
  if (entry.uncompressedSize > MIMETYPE_MAX_BYTES || entry.compressedSize > MIMETYPE_MAX_BYTES) return ''
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, rejectPromise) => {
    zip.openReadStream(entry, (err, s) => (err ? rejectPromise(err) : resolve(s)))
  })
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks).toString('latin1').trim()
}

function classifyZip(dir: CentralDirectory, mimetype: string): ZipInspection {
  const { names } = dir
  if (mimetype.startsWith('application/vnd.oasis.opendocument') || (names.has('content.xml') && names.has('META-INF/manifest.xml'))) {
    return reject('FILE_NOT_XLSX_ODS', `OpenDocument package (${mimetype || 'no mimetype entry'})`)
  }
  if (names.has('xl/workbook.bin')) return reject('FILE_NOT_XLSX_XLSB', 'xl/workbook.bin present')
  if (names.has('[Content_Types].xml') && names.has('xl/workbook.xml')) {
    return { ok: true, entries: dir.entries, totalUncompressed: dir.totalUncompressed }
  }
  if (names.has('word/document.xml')) {
    return reject('FILE_NOT_XLSX', 'Word document', 'Tệp là văn bản Word (.docx), không phải bảng tính Excel. Vui lòng chọn đúng tệp báo cáo .xlsx theo biểu mẫu.')
  }
  if (names.has('ppt/presentation.xml')) {
    return reject('FILE_NOT_XLSX', 'PowerPoint presentation', 'Tệp là bản trình chiếu PowerPoint (.pptx), không phải bảng tính Excel. Vui lòng chọn đúng tệp báo cáo .xlsx theo biểu mẫu.')
  }
  if (names.has('[Content_Types].xml') && [...names].some((n) => n.endsWith('/workbook.xml'))) {
    // Valid OOXML whose workbook is not at xl/workbook.xml; exceljs only looks there.
    return reject('FILE_NOT_XLSX', 'workbook part is not at xl/workbook.xml', `Tệp Excel có cấu trúc không chuẩn (do phần mềm khác tạo ra) nên hệ thống không đọc được. ${SAVE_AS_XLSX}`)
  }
  return reject('FILE_NOT_XLSX', `zip without [Content_Types].xml and xl/workbook.xml (${names.size} entries)`, 'Tệp là tệp nén (.zip) hoặc định dạng khác, không phải bảng tính Excel (.xlsx). Vui lòng chọn đúng tệp báo cáo theo biểu mẫu.')
}

function asBuffer(bytes: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function resolveLimits(limits: Partial<ZipLimits> | undefined): ZipLimits {
  return { ...DEFAULT_ZIP_LIMITS, ...limits }
}

/**
 * Decides from the bytes alone whether an upload is an .xlsx that is safe to hand to exceljs.
 * Declared sizes in the central directory can lie; a file that passes here should still be parsed with
 * bounded resources, or checked with verifyXlsxInflation first.
 */
export async function inspectXlsx(bytes: Buffer | Uint8Array, limits?: Partial<ZipLimits>): Promise<ZipInspection> {
  const buffer = asBuffer(bytes)
  const max = resolveLimits(limits)
  if (buffer.length === 0) return reject('FILE_EMPTY', 'zero bytes')
  if (buffer.length > max.maxFileBytes) return tooLarge(buffer.length, max.maxFileBytes)
  const magic = buffer.subarray(0, 4)
  if (!magic.equals(ZIP_LOCAL) && !magic.equals(ZIP_EMPTY)) return classifyNonZip(buffer)
  let zip: ZipFile
  try {
    zip = await openZip(buffer)
  } catch (err) {
    return reject('FILE_CORRUPT', `zip: ${(err as Error).message}`)
  }
  try {
    // The end record states the count up front, so a 65 535-entry archive is refused without walking it.
    if (zip.entryCount > max.maxEntries) return reject('FILE_ZIP_BOMB', `${zip.entryCount} entries, limit ${max.maxEntries}`)
    const dir = await readCentralDirectory(zip, buffer.length, max)
    const mimetype = dir.mimetype ? await readMimetype(zip, dir.mimetype) : ''
    return classifyZip(dir, mimetype)
  } catch (err) {
    if (err instanceof Rejection) return err.inspection
    return reject('FILE_CORRUPT', `zip: ${(err as Error).message}`)
  } finally {
    zip.close()
  }
}

/**
 * inspectXlsx, then inflates every entry, failing as soon as an entry produces more bytes than it declared — the one
 * check a lying central directory cannot pass. Costs a full decompression (bounded by maxTotalUncompressed); use it
 * where parsing would otherwise run unbounded.
 */
export async function verifyXlsxInflation(bytes: Buffer | Uint8Array, limits?: Partial<ZipLimits>): Promise<ZipInspection> {
  const r = await inflateXlsx(bytes, limits)
  return r.ok ? r.inspection : r
}

export type InflatedXlsx = { ok: true; inspection: ZipInspection & { ok: true }; entries: ZipEntryData[] } | ZipRejection

/**
 * verifyXlsxInflation keeping the inflated entries, in archive order, for a reader that need not inflate again.
 * `inspected`: the caller's own inspectXlsx of these bytes under these limits (it is not repeated).
 */
export async function inflateXlsx(bytes: Buffer | Uint8Array, limits?: Partial<ZipLimits>, inspected?: ZipInspection & { ok: true }): Promise<InflatedXlsx> {
  const first = inspected ?? (await inspectXlsx(bytes, limits))
  if (!first.ok) return first
  const buffer = asBuffer(bytes)
  const zip = await openZip(buffer)
  try {
    const entries = await new Promise<Entry[]>((resolve, rejectPromise) => {
      const list: Entry[] = []
      zip.on('error', rejectPromise)
      zip.on('end', () => resolve(list))
      zip.on('entry', (entry: Entry) => {
        list.push(entry)
        zip.readEntry()
      })
      zip.readEntry()
    })
    const out: ZipEntryData[] = []
    // Inflate each entry synchronously with a hard output cap: a lying size header cannot make this allocate
    // more than it declared, and it is ~10× faster than a stream per entry (the import's own budget is tight).
    for (const entry of entries) {
      const at = entry.relativeOffsetOfLocalHeader
      if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== 0x04034b50) throw new Error(`bad local header for entry ${entry.fileName}`)
      const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28)
      const data = buffer.subarray(start, start + entry.compressedSize)
      if (data.length !== entry.compressedSize) throw new Error(`truncated entry ${entry.fileName}`)
      if (entry.compressionMethod === 0) {
        if (entry.compressedSize !== entry.uncompressedSize) throw new Error(`size mismatch in stored entry ${entry.fileName}`)
        out.push({ name: entryName(entry), data })
        continue
      }
      if (entry.compressionMethod !== 8) throw new Error(`unsupported compression method ${entry.compressionMethod} in entry ${entry.fileName}`)
      let inflated: Buffer
      try {
        inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) })
      } catch (err) {
        if (err instanceof RangeError) throw new Error(`too many bytes in entry ${entry.fileName}: more than the declared ${entry.uncompressedSize}`)
        throw err
      }
      if (inflated.length !== entry.uncompressedSize) throw new Error(`size mismatch in entry ${entry.fileName}: expected ${entry.uncompressedSize} bytes, got ${inflated.length}`)
      out.push({ name: entryName(entry), data: inflated })
    }
    return { ok: true, inspection: first, entries: out }
  } catch (err) {
    const message = (err as Error).message
    if (/too many bytes|expected \d+ bytes|size mismatch/i.test(message)) {
      return reject('FILE_ZIP_BOMB', `inflated size differs from the declared size: ${message}`)
    }
    return reject('FILE_CORRUPT', `inflate: ${message}`)
  } finally {
    zip.close()
  }
}
