import { describe, expect, it } from 'vitest'
import { SeedLoadError } from '../../../seeds/seed-load-error.js'
import { loadSeedBundleFrom, readSeedFiles } from '../../../seeds/seed-loader.js'
import type { SeedFile, SeedFiles } from '../../../seeds/seed-loader.js'
import type { SeedIssue, SeedIssueCode } from '../../../seeds/seed-issue.js'
import { validateSeedBundle } from '../../../seeds/seed-validator.js'

const pristine = readSeedFiles()

type Json = Record<string, unknown>
interface Editable {
  files: SeedFiles
  units: (name: string) => Json[]
  form: (name: string) => Json
  list: (which: 'documents' | 'assignments' | 'targets') => Json[]
  indicator: (formName: string, code: string) => Json
  unitAt: (name: string, code: string) => { index: number; unit: Json }
}

function fileNamed(files: SeedFile[], name: string): SeedFile {
  const f = files.find((x) => x.file.endsWith(`/${name}`))
  if (!f) throw new Error(`no seed file ${name}`)
  return f
}

/** A deep copy of the real files with accessors to break them in place. */
function editable(): Editable {
  const files = structuredClone(pristine)
  const units = (name: string) => fileNamed(files.units, name).data as Json[]
  const form = (name: string) => fileNamed(files.forms, name).data as Json
  return {
    files,
    units,
    form,
    list: (which) => files[which].data as Json[],
    indicator: (formName, code) => {
      const sections = form(formName)['sections'] as { indicators: Json[] }[]
      const hit = sections.flatMap((s) => s.indicators).find((i) => i['code'] === code)
      if (!hit) throw new Error(`no indicator ${code}`)
      return hit
    },
    unitAt: (name, code) => {
      const list = units(name)
      const index = list.findIndex((u) => u['code'] === code)
      const unit = list[index]
      if (!unit) throw new Error(`no unit ${code}`)
      return { index, unit }
    },
  }
}

function refused(files: SeedFiles): SeedLoadError {
  try {
    loadSeedBundleFrom(files)
  } catch (e) {
    expect(e).toBeInstanceOf(SeedLoadError)
    return e as SeedLoadError
  }
  throw new Error('expected the bundle to be refused')
}

/** The single issue with `code`, checked to name the file and entry both in itself and in the error message. */
function expectIssue(err: SeedLoadError, code: SeedIssueCode, file: string, entry: string): SeedIssue {
  const issue = err.issues.find((i) => i.code === code && i.entry.includes(entry))
  expect(issue, `${code} at ${entry} in ${JSON.stringify(err.issues, null, 1)}`).toBeDefined()
  const found = issue as SeedIssue
  expect(found.file).toBe(file)
  expect(err.message).toContain(`${file}: ${found.entry}: `)
  expect(found.message.length).toBeGreaterThan(0)
  return found
}

const HA_NOI = 'seeds/units/ha-noi.json'
const HAI_PHONG = 'seeds/units/hai-phong.json'
const THAI_NGUYEN = 'seeds/units/thai-nguyen.json'

describe('validateSeedBundle: units', () => {
  it('accepts the real files', () => {
    expect(() => loadSeedBundleFrom(editable().files)).not.toThrow()
  })

  it('refuses an unknown parent', () => {
    const e = editable()
    const { index, unit } = e.unitAt('ha-noi.json', '01.VP')
    unit['parent'] = '01.KHONG-CO'
    const issue = expectIssue(refused(e.files), 'SEED_UNKNOWN_PARENT', HA_NOI, `units[${index}] (code "01.VP")`)
    expect(issue.message).toContain('01.KHONG-CO')
  })

  it('refuses an unknown parent in the history', () => {
    const e = editable()
    const { index, unit } = e.unitAt('hai-phong.json', '31.DS.CB01')
    unit['history'] = [{ parent: '31.QXX', from: null, to: '2025-06-30' }]
    const issue = expectIssue(refused(e.files), 'SEED_UNKNOWN_PARENT', HAI_PHONG, `units[${index}] (code "31.DS.CB01")`)
    expect(issue.message).toContain('history[0]')
  })

  it('refuses a code used twice, across files', () => {
    const e = editable()
    const copy = structuredClone(e.unitAt('ha-noi.json', '01.PL').unit)
    e.units('thai-nguyen.json').push(copy)
    const index = e.units('thai-nguyen.json').length - 1
    const issue = expectIssue(refused(e.files), 'SEED_DUPLICATE_CODE', THAI_NGUYEN, `units[${index}] (code "01.PL")`)
    expect(issue.message).toContain(HA_NOI)
  })

  it('refuses a cycle in the parent graph', () => {
    const e = editable()
    e.unitAt('ha-noi.json', '01.PL')['unit']['parent'] = '01.PL.CB01'
    const err = refused(e.files)
    const issue = expectIssue(err, 'SEED_CYCLE', HA_NOI, '(code "01.PL')
    expect(issue.message).toMatch(/01\.PL(\.CB01)? → .* → 01\.PL/)
    expect(err.issues.filter((i) => i.code === 'SEED_CYCLE')).toHaveLength(1)
  })

  it('refuses a unit closed before it opened', () => {
    const e = editable()
    const { index, unit } = e.unitAt('hai-phong.json', '31.QDS')
    unit['openedOn'] = '2025-07-01'
    expectIssue(refused(e.files), 'SEED_CLOSED_BEFORE_OPENED', HAI_PHONG, `units[${index}] (code "31.QDS")`)
  })

  it('refuses history periods that overlap or run backwards', () => {
    const e = editable()
    const { index, unit } = e.unitAt('hai-phong.json', '31.DS.CB01')
    unit['history'] = [
      { parent: '31', from: null, to: '2020-12-31' },
      { parent: '31.QDS', from: '2020-06-01', to: '2025-06-30' },
    ]
    expectIssue(refused(e.files), 'SEED_HISTORY_ORDER', HAI_PHONG, `units[${index}] (code "31.DS.CB01")`)
    unit['history'] = [{ parent: '31.QDS', from: '2025-06-30', to: '2025-01-01' }]
    expectIssue(refused(e.files), 'SEED_HISTORY_ORDER', HAI_PHONG, `units[${index}] (code "31.DS.CB01")`)
  })

  it('refuses a parent that was closed or not yet open during the link', () => {
    const e = editable()
    const { index, unit } = e.unitAt('hai-phong.json', '31.DS.CB01')
    delete unit['history']
    unit['parent'] = '31.QDS'
    const issue = expectIssue(refused(e.files), 'SEED_PARENT_NOT_OPEN', HAI_PHONG, `units[${index}] (code "31.DS.CB01")`)
    expect(issue.message).toContain('2025-06-30')
  })
})

describe('validateSeedBundle: documents', () => {
  const DOCS = 'seeds/documents.json'

  it('refuses an unknown issuer', () => {
    const e = editable()
    const docs = e.list('documents')
    const index = docs.findIndex((d) => d['key'] === '06-CTr/TU')
    ;(docs[index] as Json)['issuer'] = '01.KHONG'
    expectIssue(refused(e.files), 'SEED_UNKNOWN_ISSUER', DOCS, `documents[${index}] (key "06-CTr/TU")`)
  })

  it('refuses an unknown implements key and a duplicate key', () => {
    const e = editable()
    const docs = e.list('documents')
    const index = docs.findIndex((d) => d['key'] === '03-CTr/TU')
    ;(docs[index] as Json)['implements'] = ['72-NQ/TW', '99-NQ/TW']
    docs.push(structuredClone(docs[0] as Json))
    const err = refused(e.files)
    expectIssue(err, 'SEED_UNKNOWN_DOCUMENT', DOCS, `documents[${index}] (key "03-CTr/TU")`)
    expectIssue(err, 'SEED_DUPLICATE_KEY', DOCS, `documents[${docs.length - 1}]`)
  })

  it('refuses a document that implements a later one', () => {
    const e = editable()
    const docs = e.list('documents')
    const index = docs.findIndex((d) => d['key'] === '282/NQ-CP')
    ;(docs[index] as Json)['implements'] = ['06-CTr/TU']
    expectIssue(refused(e.files), 'SEED_DOCUMENT_DATES', DOCS, `documents[${index}] (key "282/NQ-CP")`)
  })
})

describe('validateSeedBundle: forms', () => {
  const QT = 'seeds/forms/bc-qt.json'
  const YT = 'seeds/forms/bc-yt72.json'
  const NV = 'seeds/forms/bc-nv.json'

  it('refuses a second form with the same code and version', () => {
    const e = editable()
    e.files.forms.push({ file: 'seeds/forms/bc-qt-copy.json', data: structuredClone(e.form('bc-qt.json')) })
    expectIssue(refused(e.files), 'SEED_DUPLICATE_FORM', 'seeds/forms/bc-qt-copy.json', 'form "BC-QT" v1')
  })

  it('refuses a duplicate indicator code within a form', () => {
    const e = editable()
    e.indicator('bc-qt.json', 'TT02')['code'] = 'TT01'
    expectIssue(refused(e.files), 'SEED_DUPLICATE_INDICATOR', QT, 'sections[1].indicators[1] (code "TT01")')
  })

  it('refuses a ratio with a missing numerator', () => {
    const e = editable()
    delete e.indicator('bc-qt.json', 'QT05')['numerator']
    const issue = expectIssue(refused(e.files), 'SEED_RATIO_INCOMPLETE', QT, 'sections[0].indicators[4] (code "QT05")')
    expect(issue.entry).toContain('form "BC-QT" v1')
  })

  it('refuses a ratio over an unknown or a non-numeric indicator', () => {
    const e = editable()
    e.indicator('bc-yt72.json', 'YT06')['numerator'] = 'YT99'
    e.indicator('bc-yt72.json', 'YT03')['denominator'] = 'YT22'
    const err = refused(e.files)
    expectIssue(err, 'SEED_UNKNOWN_INDICATOR', YT, '(code "YT06")')
    expectIssue(err, 'SEED_NOT_NUMERIC', YT, '(code "YT03")')
  })

  it('refuses a weighted average without a known weight', () => {
    const e = editable()
    delete e.indicator('bc-yt72.json', 'YT21')['weight']
    expectIssue(refused(e.files), 'SEED_WEIGHT_MISSING', YT, '(code "YT21")')
    e.indicator('bc-yt72.json', 'YT21')['weight'] = 'YT00'
    expectIssue(refused(e.files), 'SEED_UNKNOWN_INDICATOR', YT, '(code "YT21")')
  })

  it('refuses a choice without choices', () => {
    const e = editable()
    delete e.indicator('bc-nv.json', 'NV04')['choices']
    expectIssue(refused(e.files), 'SEED_CHOICES_MISSING', NV, '(code "NV04")')
  })

  it('refuses an aggregation that does not fit the type', () => {
    const e = editable()
    e.indicator('bc-qt.json', 'DG01')['unitAgg'] = 'sum'
    expectIssue(refused(e.files), 'SEED_AGGREGATION_MISMATCH', QT, '(code "DG01")')
  })

  it('refuses a rule over an unknown indicator', () => {
    const e = editable()
    ;(e.form('bc-qt.json')['rules'] as Json[]).push({ left: 'QT01', op: '<=', right: 'QT99', severity: 'error' })
    const issue = expectIssue(refused(e.files), 'SEED_UNKNOWN_INDICATOR', QT, 'rules[3] (QT01 <= QT99)')
    expect(issue.message).toContain('QT99')
  })
})

describe('validateSeedBundle: assignments and targets', () => {
  const ASG = 'seeds/assignments.json'
  const TGT = 'seeds/targets.json'

  it('refuses assignments to an unknown form, unit, absent kind or disallowed period', () => {
    const e = editable()
    const list = e.list('assignments')
    Object.assign(list[0] as Json, { form: 'BC-XX' })
    Object.assign(list[1] as Json, { unit: '99' })
    Object.assign(list[2] as Json, { unitKinds: ['district_committee'] })
    Object.assign(list[4] as Json, { periodType: 'month' })
    const err = refused(e.files)
    expectIssue(err, 'SEED_UNKNOWN_FORM', ASG, 'assignments[0] (form "BC-XX"')
    expectIssue(err, 'SEED_UNKNOWN_UNIT', ASG, 'assignments[1] (form "BC-QT", unit "99")')
    expectIssue(err, 'SEED_KIND_NOT_IN_SUBTREE', ASG, 'assignments[2]')
    expectIssue(err, 'SEED_PERIOD_NOT_ALLOWED', ASG, 'assignments[4] (form "BC-YT72"')
  })

  it('refuses an unknown kind at the schema, naming the path', () => {
    const e = editable()
    Object.assign(e.list('assignments')[0] as Json, { unitKinds: ['ward'] })
    const err = refused(e.files)
    expectIssue(err, 'SEED_SCHEMA', ASG, 'assignments[0].unitKinds[0]')
  })

  it('refuses targets for an unknown unit, form or indicator', () => {
    const e = editable()
    const list = e.list('targets')
    Object.assign(list[0] as Json, { indicator: 'YT99' })
    Object.assign(list[1] as Json, { unit: '31.XX' })
    Object.assign(list[2] as Json, { form: 'BC-XX' })
    Object.assign(list[3] as Json, { indicator: 'YT22' })
    const err = refused(e.files)
    expectIssue(err, 'SEED_UNKNOWN_INDICATOR', TGT, 'targets[0] (unit "31.BD", indicator "YT99", year 2030)')
    expectIssue(err, 'SEED_UNKNOWN_UNIT', TGT, 'targets[1] (unit "31.XX"')
    expectIssue(err, 'SEED_UNKNOWN_FORM', TGT, 'targets[2]')
    expectIssue(err, 'SEED_NOT_NUMERIC', TGT, 'targets[3]')
  })

  it('refuses a target with neither value nor change, or a change without baseline', () => {
    const e = editable()
    const list = e.list('targets')
    delete (list[0] as Json)['value']
    const change = list.findIndex((t) => t['changePercent'] !== undefined)
    delete (list[change] as Json)['baselineYear']
    const err = refused(e.files)
    expectIssue(err, 'SEED_TARGET_VALUE', TGT, 'targets[0]')
    expectIssue(err, 'SEED_TARGET_BASELINE', TGT, `targets[${change}]`)
  })
})

describe('validateSeedBundle without sources', () => {
  it('labels entries by list when the bundle was built in memory', () => {
    const bundle = loadSeedBundleFrom(editable().files)
    const units = [...bundle.units, { code: 'X', name: 'X', kind: 'office' as const, parent: 'NOWHERE', sector: 'state' as const }]
    const issues = validateSeedBundle({ ...bundle, units })
    expect(issues).toEqual([
      { file: 'units', entry: `units[${units.length - 1}] (code "X")`, code: 'SEED_UNKNOWN_PARENT', message: 'Đơn vị cấp trên "NOWHERE" không tồn tại' },
    ])
  })
})
