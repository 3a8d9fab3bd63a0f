// A minimal zip writer for tests, so archives can be made that no honest tool writes: lying sizes,
// duplicate names, odd compression methods, inflated entry counts.
import { crc32, deflateRawSync } from 'node:zlib'

export interface ZipEntrySpec {
  readonly name: string
  readonly data?: Buffer | string
  /** 0 stored, 8 deflate (default); other values are written as-is with deflated data. */
  readonly method?: number
  /** Overrides the uncompressed size written in both headers. */
  readonly declaredSize?: number
  readonly flags?: number
}

export interface ZipOptions {
  /** Overrides the entry count in the end-of-central-directory record. */
  readonly declaredEntryCount?: number
}

export function buildZip(entries: readonly ZipEntrySpec[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : (e.data ?? Buffer.alloc(0))
    const method = e.method ?? 8
    const body = method === 0 ? raw : deflateRawSync(raw)
    const name = Buffer.from(e.name, 'utf8')
    const size = e.declaredSize ?? raw.length
    const crc = crc32(raw)
    const flags = (e.flags ?? 0) | 0x800

    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, body)

    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)

    offset += local.length + name.length + body.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  const count = options.declaredEntryCount ?? entries.length
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Math.min(count, 0xffff), 8)
  end.writeUInt16LE(Math.min(count, 0xffff), 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/** The two parts inspectXlsx needs to call an archive an .xlsx. */
export const XLSX_PARTS: readonly ZipEntrySpec[] = [
  { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
  { name: 'xl/workbook.xml', data: '<?xml version="1.0"?><workbook/>' },
]
