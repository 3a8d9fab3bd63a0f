import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { XLSX_CORPUS_DIR } from '../../support/fixture-dirs.js'
import ExcelJS from 'exceljs'
import { describe, it, expect } from 'vitest'
import {
  DEFAULT_ZIP_LIMITS, MAX_ENTRIES, MAX_ENTRY_UNCOMPRESSED, MAX_FILE_BYTES, MAX_RATIO, MAX_TOTAL_UNCOMPRESSED, inspectXlsx,
  verifyXlsxInflation,
} from '../../../importers/zip-guard.js'
import type { ZipInspection } from '../../../importers/zip-guard.js'
import { XLSX_PARTS, buildZip } from './zip-builder.js'

const CORPUS = XLSX_CORPUS_DIR
const MiB = 1024 * 1024

function codeOf(r: ZipInspection): string {
  return r.ok ? 'ok' : r.code
}

function expectRejected(r: ZipInspection, code: string): string {
  expect(codeOf(r)).toBe(code)
  if (r.ok) throw new Error('unreachable')
  // Messages reach a ward clerk: Vietnamese, and never the raw library error.
  expect(r.message).toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/i)
  expect(r.message).not.toMatch(/central directory|yauzl|signature|undefined/i)
  return r.message
}

async function exceljsWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Biểu 01')
  ws.addRow(['STT', 'Nội dung', 'Số lượng'])
  ws.addRow([1, 'Số hội nghị học tập, quán triệt đã tổ chức', 12])
  ws.addRow(['', 'Tổng cộng', 12])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

// Deterministic bytes that start with neither a zip nor an OLE2 signature.
function pseudoRandom(length: number, seed = 42): Buffer {
  const out = Buffer.alloc(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    out[i] = x >> 16
  }
  out[0] = 0x00
  return out
}

describe('defaults', () => {
  it('match the documented limits', () => {
    expect(MAX_FILE_BYTES).toBe(10 * MiB)
    expect(MAX_ENTRIES).toBe(2000)
    expect(MAX_TOTAL_UNCOMPRESSED).toBe(200 * MiB)
    expect(MAX_ENTRY_UNCOMPRESSED).toBe(100 * MiB)
    expect(MAX_RATIO).toBe(200)
    expect(DEFAULT_ZIP_LIMITS).toEqual({ maxFileBytes: 10 * MiB, maxEntries: 2000, maxTotalUncompressed: 200 * MiB, maxEntryUncompressed: 100 * MiB, maxRatio: 200 })
  })
})

describe('inspectXlsx: real workbooks', () => {
  it('accepts an exceljs workbook, as Buffer and as Uint8Array', async () => {
    const bytes = await exceljsWorkbook()
    const r = await inspectXlsx(bytes)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.entries).toBeGreaterThanOrEqual(5)
      expect(r.totalUncompressed).toBeGreaterThan(bytes.length)
    }
    expect((await inspectXlsx(new Uint8Array(bytes))).ok).toBe(true)
    expect((await verifyXlsxInflation(bytes)).ok).toBe(true)
  })

  it('accepts part names written with a leading slash, as exceljs does', async () => {
    const zip = buildZip([{ name: '/[Content_Types].xml', data: '<Types/>' }, { name: '/xl/workbook.xml', data: '<workbook/>' }])
    expect(codeOf(await inspectXlsx(zip))).toBe('ok')
  })
})

describe('inspectXlsx: the robustness corpus', () => {
  const files = ['exceljs', 'sheetjs'].flatMap((dir) => readdirSync(join(CORPUS, dir)).map((f) => join(CORPUS, dir, f)))
  it('is in the repository', () => expect(files.length).toBeGreaterThan(100))
  const expected = (file: string): string => {
    if (file.endsWith('.csv')) return 'FILE_NOT_XLSX_CSV'
    if (file.endsWith('.xls')) return 'FILE_NOT_XLSX_XLS'
    if (file.endsWith('.xlsb')) return 'FILE_NOT_XLSX_XLSB'
    if (file.endsWith('.ods')) return 'FILE_NOT_XLSX_ODS'
    // No [Content_Types].xml and no workbook: not an xlsx any reader could use.
    if (file.endsWith('missing-bits.xlsx')) return 'FILE_NOT_XLSX'
    // Valid OOXML with the workbook at wtf/workbook.xml; exceljs only reads xl/workbook.xml.
    if (file.endsWith('wtf_path.xlsx')) return 'FILE_NOT_XLSX'
    return 'ok'
  }

  it('has files of every kind', () => {
    const kinds = new Set(files.map(expected))
    expect([...kinds].sort()).toEqual(['FILE_NOT_XLSX', 'FILE_NOT_XLSX_CSV', 'FILE_NOT_XLSX_ODS', 'FILE_NOT_XLSX_XLS', 'FILE_NOT_XLSX_XLSB', 'ok'])
  })

  it('gives every file its verdict', async () => {
    const verdicts: Record<string, string> = {}
    const wanted: Record<string, string> = {}
    for (const file of files) {
      const name = file.slice(CORPUS.length + 1)
      const r = await inspectXlsx(readFileSync(file))
      verdicts[name] = codeOf(r)
      wanted[name] = expected(file)
      if (!r.ok) expectRejected(r, r.code)
    }
    expect(verdicts).toEqual(wanted)
  })

  it('tells the clerk how to fix an old .xls, an .ods and an .xlsb', async () => {
    const xls = expectRejected(await inspectXlsx(readFileSync(join(CORPUS, 'sheetjs/1904__1900.xls'))), 'FILE_NOT_XLSX_XLS')
    expect(xls).toContain('.xls')
    expect(xls).toContain('Excel Workbook (*.xlsx)')
    expect(expectRejected(await inspectXlsx(readFileSync(join(CORPUS, 'sheetjs/1904__1900.ods'))), 'FILE_NOT_XLSX_ODS')).toContain('LibreOffice')
    expect(expectRejected(await inspectXlsx(readFileSync(join(CORPUS, 'sheetjs/1904__1900.xlsb'))), 'FILE_NOT_XLSX_XLSB')).toContain('.xlsb')
  })

  it('inflates the largest corpus sheet (57 MB, 121:1) within the limits', async () => {
    const r = await verifyXlsxInflation(readFileSync(join(CORPUS, 'sheetjs/large_strings.xlsx')))
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.totalUncompressed).toBeGreaterThan(50 * MiB)
  })
})

describe('inspectXlsx: wrong or broken uploads', () => {
  it('empty bytes', async () => {
    expect(expectRejected(await inspectXlsx(Buffer.alloc(0)), 'FILE_EMPTY')).toContain('0 byte')
    expect(codeOf(await inspectXlsx(new Uint8Array(0)))).toBe('FILE_EMPTY')
  })

  it('too large, with the sizes in MB', async () => {
    const bytes = await exceljsWorkbook()
    const message = expectRejected(await inspectXlsx(bytes, { maxFileBytes: 1000 }), 'FILE_TOO_LARGE')
    expect(message).toMatch(/MB/)
    expect(codeOf(await inspectXlsx(Buffer.alloc(11 * MiB)))).toBe('FILE_TOO_LARGE')
  })

  it('random bytes, images and PDFs', async () => {
    expectRejected(await inspectXlsx(pseudoRandom(5000)), 'FILE_NOT_XLSX')
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pseudoRandom(500)])
    expectRejected(await inspectXlsx(png), 'FILE_NOT_XLSX')
    expect(expectRejected(await inspectXlsx(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n')), 'FILE_NOT_XLSX')).toContain('PDF')
  })

  it('CSV and text exports, UTF-8 and UTF-16', async () => {
    expectRejected(await inspectXlsx(Buffer.from('STT,Nội dung,Số lượng\n1,Tổng cộng,"1.250"\n', 'utf8')), 'FILE_NOT_XLSX_CSV')
    expectRejected(await inspectXlsx(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('STT\tNội dung\r\n', 'utf16le')])), 'FILE_NOT_XLSX_CSV')
  })

  it('HTML tables and Excel 2003 XML saved as .xls get the save-as-.xlsx advice', async () => {
    const html = Buffer.from('<html><body><table><tr><td>Tổng cộng</td></tr></table></body></html>')
    expect(expectRejected(await inspectXlsx(html), 'FILE_NOT_XLSX_XLS')).toContain('Excel Workbook (*.xlsx)')
    const xml = Buffer.from('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>')
    expectRejected(await inspectXlsx(xml), 'FILE_NOT_XLSX_XLS')
  })

  it('password-protected workbooks (OLE2 with an EncryptedPackage stream)', async () => {
    const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    const ole = Buffer.concat([header, Buffer.alloc(504), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(512)])
    expect(expectRejected(await inspectXlsx(ole), 'FILE_ENCRYPTED')).toContain('mật khẩu')
    expectRejected(await inspectXlsx(Buffer.concat([header, Buffer.alloc(1024)])), 'FILE_NOT_XLSX_XLS')
  })

  it('a renamed zip without workbook parts', async () => {
    const zip = buildZip([{ name: 'bao-cao.txt', data: 'Tổng cộng: 1.250' }, { name: 'anh/logo.png', data: pseudoRandom(300) }])
    expect(expectRejected(await inspectXlsx(zip), 'FILE_NOT_XLSX')).toContain('.zip')
    expectRejected(await inspectXlsx(buildZip([])), 'FILE_NOT_XLSX')
    expectRejected(await inspectXlsx(buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }])), 'FILE_NOT_XLSX')
  })

  it('a Word document', async () => {
    const docx = buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }])
    expect(expectRejected(await inspectXlsx(docx), 'FILE_NOT_XLSX')).toContain('Word')
  })

  it('an ODS recognised by its mimetype entry alone', async () => {
    const ods = buildZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 0 }, { name: 'content.xml', data: '<x/>' }])
    expectRejected(await inspectXlsx(ods), 'FILE_NOT_XLSX_ODS')
  })

  it('truncated and damaged archives', async () => {
    const bytes = await exceljsWorkbook()
    expect(expectRejected(await inspectXlsx(bytes.subarray(0, Math.floor(bytes.length / 2))), 'FILE_CORRUPT')).toContain('hỏng')
    const damaged = Buffer.from(bytes)
    const cd = damaged.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    damaged.fill(0x41, cd, cd + 4)
    expectRejected(await inspectXlsx(damaged), 'FILE_CORRUPT')
    expectRejected(await inspectXlsx(Buffer.from('PK\x03\x04 not really a zip', 'latin1')), 'FILE_CORRUPT')
  })

  it('duplicate part names', async () => {
    expectRejected(await inspectXlsx(buildZip([...XLSX_PARTS, { name: 'xl/workbook.xml', data: '<evil/>' }])), 'FILE_CORRUPT')
  })

  it('compression methods exceljs cannot read, and zip encryption', async () => {
    expectRejected(await inspectXlsx(buildZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: '<x/>', method: 14 }])), 'FILE_NOT_XLSX')
    expectRejected(await inspectXlsx(buildZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: '<x/>', flags: 0x1 }])), 'FILE_ENCRYPTED')
  })
})

describe('inspectXlsx: zip bombs', () => {
  it('a real 20 MiB entry of zeros compressed ~1000:1', async () => {
    const bomb = buildZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * MiB) }])
    expect(bomb.length).toBeLessThan(100 * 1024)
    const message = expectRejected(await inspectXlsx(bomb), 'FILE_ZIP_BOMB')
    expect(message).toContain('giải nén')
    const r = await inspectXlsx(bomb)
    expect(r.ok ? '' : r.detail).toMatch(/ratio \d+:1/)
    // With a looser ratio it is within the size limits.
    expect(codeOf(await inspectXlsx(bomb, { maxRatio: 2000 }))).toBe('ok')
  })

  it('entries declaring more than the per-entry limit', async () => {
    const zip = buildZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: '<x/>', declaredSize: 150 * MiB }])
    expectRejected(await inspectXlsx(zip), 'FILE_ZIP_BOMB')
    const real = buildZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(2 * MiB, 'a') }])
    expectRejected(await inspectXlsx(real, { maxEntryUncompressed: MiB, maxRatio: 10_000 }), 'FILE_ZIP_BOMB')
  })

  it('a declared total above the limit', async () => {
    const parts = [1, 2, 3].map((i) => ({ name: `xl/worksheets/sheet${i}.xml`, data: '<x/>', declaredSize: 80 * MiB }))
    const r = await inspectXlsx(buildZip([...XLSX_PARTS, ...parts]), { maxRatio: Number.MAX_SAFE_INTEGER })
    expectRejected(r, 'FILE_ZIP_BOMB')
    expect(r.ok ? '' : r.detail).toMatch(/total/)
  })

  it('too many entries, counted from the end record before walking them', async () => {
    const many = Array.from({ length: 2001 }, (_, i) => ({ name: `xl/media/i${i}.bin`, data: 'x', method: 0 }))
    expectRejected(await inspectXlsx(buildZip([...XLSX_PARTS, ...many])), 'FILE_ZIP_BOMB')
    expectRejected(await inspectXlsx(buildZip([...XLSX_PARTS], { declaredEntryCount: 65535 })), 'FILE_ZIP_BOMB')
    expect(codeOf(await inspectXlsx(buildZip([...XLSX_PARTS, ...many.slice(0, 100)])))).toBe('ok')
  })

  it('a central directory that lies about sizes passes inspection but not verifyXlsxInflation', async () => {
    const liar = buildZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(5 * MiB), declaredSize: 1000 }])
    expect(codeOf(await inspectXlsx(liar))).toBe('ok')
    const r = await verifyXlsxInflation(liar)
    expectRejected(r, 'FILE_ZIP_BOMB')
    expect(r.ok ? '' : r.detail).toMatch(/too many bytes/)
  })

  it('verifyXlsxInflation reports the same verdicts as inspectXlsx for non-xlsx uploads', async () => {
    expect(codeOf(await verifyXlsxInflation(Buffer.alloc(0)))).toBe('FILE_EMPTY')
    expect(codeOf(await verifyXlsxInflation(Buffer.from('a,b\n1,2\n')))).toBe('FILE_NOT_XLSX_CSV')
  })
})
