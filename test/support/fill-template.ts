import ExcelJS from 'exceljs'

/** Fills the downloaded form-layout template: every whole-number input gets `value`, one chosen cell `override`. */
export async function fillTemplate(bytes: Buffer, value: number, override?: { value: number }): Promise<{ bytes: Buffer; overriddenCell: string | null; firstCode: string | null }> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const ws = wb.getWorksheet('Biểu 01')!
  let overriddenCell: string | null = null
  let firstCode: string | null = null
  ws.eachRow((row, n) => {
    const code = row.getCell(2).value
    const cell = row.getCell(5)
    const wholeNumber = cell.dataValidation?.type === 'whole'
    if (typeof code !== 'string' || !/^[A-Z]{2}\d{2}$/.test(code) || cell.formula || !wholeNumber) return
    cell.value = value
    if (override && !overriddenCell) {
      cell.value = override.value
      overriddenCell = `Biểu 01!E${n}`
      firstCode = code
    }
  })
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), overriddenCell, firstCode }
}
