import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SeedLoadError } from '../../../seeds/seed-load-error.js'
import { SEEDS_DIR, loadSeedBundle, loadSeedBundleFrom, readSeedFiles } from '../../../seeds/seed-loader.js'

const pristine = readSeedFiles()
const tempDirs: string[] = []

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function copyOfSeeds(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-seeds-'))
  tempDirs.push(dir)
  cpSync(SEEDS_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') })
  return dir
}

function refusal(fn: () => unknown): SeedLoadError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(SeedLoadError)
    return e as SeedLoadError
  }
  throw new Error('expected a SeedLoadError')
}

describe('loadSeedBundle', () => {
  it('finds the seed directory beside the module and names files relative to the working directory', () => {
    expect(path.basename(SEEDS_DIR)).toBe('seeds')
    expect(pristine.units.map((f) => f.file)).toEqual([
      'seeds/units/central.json',
      'seeds/units/ha-noi.json',
      'seeds/units/hai-phong.json',
      'seeds/units/thai-nguyen.json',
    ])
    expect(pristine.forms.map((f) => f.file)).toEqual(['seeds/forms/bc-nv.json', 'seeds/forms/bc-qt.json', 'seeds/forms/bc-yt72.json'])
  })

  it('returns parents before children across files', () => {
    const seen = new Set<string>()
    for (const u of loadSeedBundle().units) {
      if (u.parent !== null) expect(seen.has(u.parent), `${u.code} after ${u.parent}`).toBe(true)
      seen.add(u.code)
    }
  })

  it('names the file of invalid JSON', () => {
    const dir = copyOfSeeds()
    writeFileSync(path.join(dir, 'units', 'ha-noi.json'), '[{"code": "01",]')
    const err = refusal(() => loadSeedBundle(dir))
    expect(err.issues).toHaveLength(1)
    expect(err.issues[0]).toMatchObject({ code: 'SEED_JSON', file: path.join(dir, 'units', 'ha-noi.json') })
    expect(err.message).toContain('ha-noi.json')
  })

  it('names a missing file', () => {
    const dir = copyOfSeeds()
    unlinkSync(path.join(dir, 'targets.json'))
    const err = refusal(() => loadSeedBundle(dir))
    expect(err.issues[0]).toMatchObject({ code: 'SEED_FILE_MISSING', file: path.join(dir, 'targets.json') })
  })
})

describe('schema errors', () => {
  it('name the file and the path of the entry, in Vietnamese', () => {
    const files = structuredClone(pristine)
    const units = files.units[1]?.data as Record<string, unknown>[]
    ;(units[3] as Record<string, unknown>)['parent'] = 5
    const err = refusal(() => loadSeedBundleFrom(files))
    expect(err.issues).toHaveLength(1)
    expect(err.issues[0]).toMatchObject({ file: 'seeds/units/ha-noi.json', entry: 'units[3].parent', code: 'SEED_SCHEMA' })
    expect(err.message).toContain('seeds/units/ha-noi.json: units[3].parent: ')
    expect(err.issues[0]?.message).toMatch(/không hợp lệ|mong đợi/)
  })

  it('refuse unknown keys', () => {
    const files = structuredClone(pristine)
    ;(files.targets.data as Record<string, unknown>[])[2] = { ...(files.targets.data as Record<string, unknown>[])[2], valeu: 3 }
    const err = refusal(() => loadSeedBundleFrom(files))
    expect(err.issues[0]).toMatchObject({ file: 'seeds/targets.json', entry: 'targets[2]', code: 'SEED_SCHEMA' })
    expect(err.issues[0]?.message).toContain('valeu')
  })

  it('name paths inside a form from its root', () => {
    const files = structuredClone(pristine)
    const qt = files.forms.find((f) => f.file.endsWith('bc-qt.json'))?.data as { sections: { indicators: Record<string, unknown>[] }[] }
    ;(qt.sections[0]?.indicators[2] as Record<string, unknown>)['type'] = 'number'
    const err = refusal(() => loadSeedBundleFrom(files))
    expect(err.issues[0]).toMatchObject({ file: 'seeds/forms/bc-qt.json', entry: 'sections[0].indicators[2].type' })
  })

  it('refuse impossible dates and lower-case header lines', () => {
    const files = structuredClone(pristine)
    const units = files.units[2]?.data as Record<string, unknown>[]
    Object.assign(units[0] as Record<string, unknown>, { openedOn: '2025-02-30', headerName: 'Thành ủy Hải Phòng' })
    const err = refusal(() => loadSeedBundleFrom(files))
    expect(err.issues.map((i) => i.entry).sort()).toEqual(['units[0].headerName', 'units[0].openedOn'])
  })

  it('trim codes and normalize names to NFC', () => {
    const files = structuredClone(pristine)
    const units = files.units[1]?.data as Record<string, unknown>[]
    const pl = units.find((u) => u['code'] === '01.PL') as Record<string, unknown>
    pl['code'] = '  01.PL '
    pl['name'] = 'Đảng ủy phường Phúc Lợi'.normalize('NFD')
    const bundle = loadSeedBundleFrom(files)
    const loaded = bundle.units.find((u) => u.code === '01.PL')
    expect(loaded?.name).toBe('Đảng ủy phường Phúc Lợi'.normalize('NFC'))
    expect(loaded?.name).not.toBe(pl['name'])
  })

  it('report every file at once, before cross-file checks', () => {
    const files = structuredClone(pristine)
    ;(files.documents.data as Record<string, unknown>[])[0] = { key: '' }
    ;(files.assignments.data as Record<string, unknown>[])[0] = { form: 'BC-QT' }
    const err = refusal(() => loadSeedBundleFrom(files))
    const filesNamed = new Set(err.issues.map((i) => i.file))
    expect(filesNamed).toEqual(new Set(['seeds/documents.json', 'seeds/assignments.json']))
    expect(err.issues.every((i) => i.code === 'SEED_SCHEMA')).toBe(true)
  })
})
