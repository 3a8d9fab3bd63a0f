import ExcelJS from 'exceljs'
import { expect } from 'vitest'
import type { IndicatorFigure } from '../../src/domain/rollup/rollup-engine.js'

/**
 * Checks a "Chi tiết" sheet (as a spreadsheet recalculated it) against the engine: every child row against the
 * child's figures and every "Tổng cộng" cell against the unit's, for every value type. Returns the cells checked.
 */
export function expectDetailMatchesEngine(ws: ExcelJS.Worksheet, root: IndicatorFigure[], children: { code: string; indicators: IndicatorFigure[] }[]): number {
  const header = 5
  const first = header + 1
  const rowOfChild = new Map<string, number>()
  let total = -1
  for (let r = first; r <= ws.rowCount; r++) {
    const code = ws.getCell(r, 2).value
    if (typeof code === 'string' && code !== '') rowOfChild.set(code, r)
    if (ws.getCell(r, 3).value === 'Tổng cộng') total = r
  }
  expect(total, 'the "Tổng cộng" row').toBeGreaterThan(first - 1)
  let checked = 0
  const expectCell = (cell: ExcelJS.Cell, expected: number | null, what: string) => {
    const raw = cell.formula ? cell.result : cell.value
    const got = typeof raw === 'number' ? raw : raw === '' || raw === null || raw === undefined ? null : raw
    if (expected === null) expect(got === null || got === 0, `${what}: ${String(got)}`).toBe(true)
    else {
      expect(typeof got, `${what}: ${JSON.stringify(got)}`).toBe('number')
      expect(got as number, what).toBeCloseTo(expected, 9)
    }
    checked++
  }
  ws.getRow(header).eachCell((cell, col) => {
    if (col <= 3) return
    const label = String(cell.value)
    const [code, part] = label.split(/: (.*)/s) as [string, string | undefined]
    const figure = (list: IndicatorFigure[]) => list.find((f) => f.code === code)
    const expected = (f: IndicatorFigure | undefined): number | null => {
      if (!f) return null
      if (part === undefined) return f.value === null ? null : f.valueType === 'ratio' ? f.value / 100 : f.value
      if (part === 'quyền số') return f.denominator
      if (part === 'Có') return f.reportingUnits > 0 ? f.value : null
      if (part === 'số ĐV') return f.reportingUnits > 0 ? f.reportingUnits : null
      const o = f.options.find((x) => x.option === part)
      return f.reportingUnits > 0 ? (o?.count ?? 0) : null
    }
    expect(figure(root), `column ${label}`).toBeDefined()
    expectCell(ws.getCell(total, col), expected(figure(root)), `Tổng cộng ${label}`)
    for (const child of children) {
      const r = rowOfChild.get(child.code)
      expect(r, `row of ${child.code}`).toBeDefined()
      expectCell(ws.getCell(r as number, col), expected(figure(child.indicators)), `${child.code} ${label}`)
    }
  })
  return checked
}

/** Replaces every formula's cached result, so only a real recalculation can give the right numbers. */
export async function poisonCachedResults(bytes: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => {
    if (c.formula) c.value = { formula: c.formula, result: -424242 } as ExcelJS.CellFormulaValue
  }))
  return Buffer.from(await wb.xlsx.writeBuffer())
}
