import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readWorkbookIsolated } from '../../../importers/isolated-workbook-reader.js'
import { readWorkbook } from '../../../importers/workbook-reader.js'

async function workbook(rows: number, cols: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Biểu 01')
  ws.getCell('A1').value = 'ĐẢNG ỦY PHƯỜNG PHÚC LỢI'
  ws.getCell('B2').value = { formula: 'C2*2', result: 8 }
  ws.getCell('C3').numFmt = '0.0%'
  ws.getCell('C3').value = 0.985
  ws.getCell('A4').value = 'dòng ẩn'
  ws.getRow(4).hidden = true
  for (let r = 5; r < 5 + rows; r++) for (let c = 1; c <= cols; c++) ws.getCell(r, c).value = r * c
  wb.addWorksheet('_tonghop', { state: 'hidden' }).addRow(['form', 'BC-QT'])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('reading uploads in a worker thread', () => {
  it('gives the same grids as reading in the calling thread', { timeout: 60_000 }, async () => {
    const bytes = await workbook(20, 6)
    const isolated = await readWorkbookIsolated(bytes)
    const direct = await readWorkbook(bytes)
    expect(isolated).toEqual(direct)
    expect(isolated.ok).toBe(true)
    if (!isolated.ok) return
    expect(isolated.grids.meta.get('form')).toBe('BC-QT')
    expect(isolated.grids.sheets[0]!.hiddenRows.has(4)).toBe(true)
    expect(isolated.grids.sheets[0]!.rows.get(3)!.get(3)).toMatchObject({ num: 0.985, percentFormat: true, address: 'C3' })
  })

  it('stops a parse that runs out of time with a clear finding, and the next upload is read normally', { timeout: 60_000 }, async () => {
    const big = await workbook(3000, 40)
    const slow = await readWorkbookIsolated(big, { maxParseMs: 30 })
    expect(slow).toEqual({ ok: false, findings: [expect.objectContaining({ code: 'FILE_PARSE_TIMEOUT', severity: 'error', message: expect.stringMatching(/quá nhiều thời gian/) })] })
    const next = await readWorkbookIsolated(await workbook(3, 3))
    expect(next.ok).toBe(true)
  })

  it('keeps the event loop free while a large upload is parsed, and reads several uploads at once', { timeout: 60_000 }, async () => {
    const big = await workbook(3000, 40)
    await readWorkbookIsolated(await workbook(1, 1)) // threads started
    let ticks = 0
    let longest = 0
    let last = performance.now()
    const timer = setInterval(() => {
      const now = performance.now()
      longest = Math.max(longest, now - last)
      last = now
      ticks++
    }, 5)
    const started = performance.now()
    const results = await Promise.all([readWorkbookIsolated(big), readWorkbookIsolated(await workbook(5, 5)), readWorkbookIsolated(big)])
    const elapsed = performance.now() - started
    clearInterval(timer)
    expect(results.map((r) => r.ok)).toEqual([true, true, true])
    // parsing 240,000 cells takes seconds; the calling thread was never blocked for long meanwhile
    expect(elapsed).toBeGreaterThan(200)
    // (a read in the calling thread held it for about half of the elapsed time at once)
    expect(longest).toBeLessThan(Math.max(150, elapsed / 4))
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4)
  })
})
