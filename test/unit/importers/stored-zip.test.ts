import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { storedZip } from '../../../importers/stored-zip.js'
import { inflateXlsx } from '../../../importers/zip-guard.js'

async function sampleWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Biểu 01')
  ws.getCell('A1').value = 'ĐẢNG ỦY PHƯỜNG PHÚC LỢI'
  ws.getCell('B7').value = 'QT01'
  ws.getCell('E7').value = 1250
  ws.getCell('E8').value = { formula: 'E7*2', result: 2500 }
  ws.mergeCells('A2:E2')
  wb.addWorksheet('_tonghop', { state: 'hidden' }).getCell('A1').value = 'form'
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('storedZip: the inflated entries handed to exceljs', () => {
  it('reads back as the same workbook, and passes the zip guard with the same entries', async () => {
    const original = await sampleWorkbook()
    const inflated = await inflateXlsx(original)
    if (!inflated.ok) throw new Error(inflated.message)
    const stored = storedZip(inflated.entries)
    const again = await inflateXlsx(stored)
    if (!again.ok) throw new Error(again.message)
    expect(again.entries.map((e) => [e.name, e.data.toString('base64')])).toEqual(inflated.entries.map((e) => [e.name, e.data.toString('base64')]))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(stored as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('Biểu 01')!
    expect(ws.getCell('A1').value).toBe('ĐẢNG ỦY PHƯỜNG PHÚC LỢI')
    expect(ws.getCell('E7').value).toBe(1250)
    expect(ws.getCell('E8').value).toEqual({ formula: 'E7*2', result: 2500 })
    expect(ws.getCell('C2').isMerged).toBe(true)
    expect(wb.getWorksheet('_tonghop')!.state).toBe('hidden')
  })
})
