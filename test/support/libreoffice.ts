import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const hasLibreOffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0

/** A private LibreOffice profile that recalculates every formula on load (default: trust cached results). */
function makeProfile(dir: string): string {
  const user = join(dir, 'profile', 'user')
  mkdirSync(user, { recursive: true })
  writeFileSync(
    join(user, 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  )
  return `file://${join(dir, 'profile')}`
}

/** Converts `input` with soffice (e.g. to 'xlsx:Calc MS Excel 2007 XML' or 'pdf'); returns the output directory. */
export function sofficeConvert(dir: string, input: string, to: string): string {
  const r = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=${makeProfile(dir)}`, '--convert-to', to, '--outdir', join(dir, 'out'), input], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, HOME: dir },
  })
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`)
  return join(dir, 'out')
}

/** The workbook as LibreOffice recalculates and saves it again as .xlsx. */
export function recalculatedByLibreOffice(bytes: Buffer, parent: string, name = 'export.xlsx'): Buffer {
  const dir = mkdtempSync(join(parent, 'lo-'))
  const input = join(dir, name)
  writeFileSync(input, bytes)
  return readFileSync(join(sofficeConvert(dir, input, 'xlsx:Calc MS Excel 2007 XML'), name))
}
