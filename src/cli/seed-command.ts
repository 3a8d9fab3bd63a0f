import { parseArgs } from 'node:util'
import { generateNationalTree } from '../../seeds/national-generator.js'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { migrateToLatest } from '../db/migrate.js'
import { seedDatabase } from '../domain/seeding/seed-database.js'
import { seedDemoAccounts } from '../domain/seeding/demo-accounts.js'
import { seedNationalTree } from '../domain/seeding/seed-national.js'
import { seedLineageExample } from '../domain/seeding/seed-lineage-example.js'
import { loadLineageExample } from '../../seeds/lineage-example-loader.js'
import { UsageError, type CliCommand } from './usage-error.js'

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} phải là số nguyên dương (nhận "${value}")`)
  return n
}

export const seedCommand: CliCommand = {
  summary: 'Nạp dữ liệu mẫu (seeds/), hoặc cây đơn vị toàn quốc tổng hợp (--national)',
  help: `tonghop seed [--national [--provinces 34] [--wards 100] [--units 30]] [--examples] [--demo-accounts]

Không tùy chọn: nạp hệ thống tổ chức, văn bản, biểu mẫu, phân công và chỉ tiêu từ seeds/
(bỏ qua nếu cơ sở dữ liệu đã có đơn vị). Tệp seeds bị lỗi sẽ bị từ chối toàn bộ, kèm tên tệp và mục lỗi.
--national: thêm cây tổng hợp 34 tỉnh × 100 xã/phường × 30 đơn vị (≈100.000 đơn vị) để thử tải.
--examples: thêm ví dụ sắp xếp đơn vị (seeds/examples/do-son-merger.json): các phường thuộc Quận ủy Đồ Sơn
  hợp nhất thành phường Đồ Sơn từ 01/7/2025, kèm báo cáo BC-YT72 các kỳ 2024–2025 (đánh dấu ví dụ).
--demo-accounts: tạo các tài khoản demo (chỉ khi chưa có tài khoản nào).`,
  run: async (argv) => {
    const { values } = parseArgs({ args: argv, options: { national: { type: 'boolean' }, provinces: { type: 'string' }, wards: { type: 'string' }, units: { type: 'string' }, 'demo-accounts': { type: 'boolean' }, examples: { type: 'boolean' } }, strict: true }).valueOf() as { values: Record<string, string | boolean | undefined> }
    const database = openDatabase(loadConfig())
    try {
      await migrateToLatest(database.db)
      if (values.national) {
        const started = performance.now()
        const units = generateNationalTree({
          provinces: positive(values.provinces as string | undefined, 'provinces', 34),
          wardsPerProvince: positive(values.wards as string | undefined, 'wards', 100),
          unitsPerWard: positive(values.units as string | undefined, 'units', 30),
        })
        const n = await seedNationalTree(database.db, units)
        console.log(`Đã nạp ${n.toLocaleString('vi-VN')} đơn vị trong ${((performance.now() - started) / 1000).toFixed(1)} giây.`)
      } else {
        const result = await seedDatabase(database.db, loadSeedBundle())
        console.log(result.seeded ? `Đã nạp ${result.units} đơn vị, ${result.documents} văn bản, ${result.forms} biểu mẫu, ${result.assignments} phân công, ${result.targets} chỉ tiêu.` : 'Cơ sở dữ liệu đã có dữ liệu; không nạp lại.')
      }
      if (values.examples) console.log((await seedLineageExample(database, loadLineageExample())) ? 'Đã nạp ví dụ sắp xếp đơn vị phường Đồ Sơn.' : 'Ví dụ sắp xếp đơn vị đã có; không nạp lại.')
      if (values['demo-accounts']) console.log(`Tài khoản demo: ${(await seedDemoAccounts(database.db)).map((a) => a.username).join(', ')}`)
      return 0
    } finally {
      await database.close()
    }
  },
}
