import ExcelJS from 'exceljs'

/**
 * A form-layout template (what "Tải mẫu biểu" downloads) filled as a clerk would: column E of each indicator's row
 * on "Biểu 01". The example seeds file their returns this way, so their original files read back like an upload.
 */
export async function fillFormTemplate(bytes: Buffer, values: Record<string, number | string>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheet = wb.getWorksheet('Biểu 01')
  if (!sheet) throw new Error('Mẫu biểu không có trang "Biểu 01"')
  sheet.eachRow((row) => {
    const code = row.getCell(2).value
    if (typeof code === 'string' && Object.hasOwn(values, code)) row.getCell(5).value = values[code] as number | string
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}
