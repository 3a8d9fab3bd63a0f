import type { CliCommand } from './usage-error.js'

export interface CommandEntry {
  summary: string
  load: () => Promise<CliCommand>
}

/**
 * Each command's module is loaded only when it runs: loading all of them (the server's schema among them) tripled the
 * start-up of every `tonghop import` (11 s against 4 s of module loading on a loaded 2-core machine).
 */
export const commands: Record<string, CommandEntry> = {
  serve: { summary: 'Chạy máy chủ GraphQL (mặc định http://localhost:4000/graphql)', load: async () => (await import('./serve-command.js')).serveCommand },
  migrate: { summary: 'Nâng cấp cấu trúc cơ sở dữ liệu lên phiên bản mới nhất', load: async () => (await import('./migrate-command.js')).migrateCommand },
  seed: { summary: 'Nạp dữ liệu mẫu (seeds/), hoặc cây đơn vị toàn quốc tổng hợp (--national)', load: async () => (await import('./seed-command.js')).seedCommand },
  'create-admin': { summary: 'Tạo tài khoản quản trị đầu tiên', load: async () => (await import('./create-admin-command.js')).createAdminCommand },
  'print-schema': { summary: 'Ghi schema/schema.graphql từ mã nguồn (--check: chỉ kiểm tra)', load: async () => (await import('./print-schema-command.js')).printSchemaCommand },
  bench: { summary: 'Đo hiệu năng trên dữ liệu cỡ toàn quốc (SQLite và PostgreSQL), mỗi số kèm mốc so sánh', load: async () => (await import('./bench-command.js')).benchCommand },
  import: { summary: 'Nhập tệp Excel báo cáo (một hay nhiều tệp)', load: async () => (await import('./import-command.js')).importCommand },
  template: { summary: 'Ghi mẫu biểu Excel để nhập số liệu cho một đơn vị và một kỳ', load: async () => (await import('./template-command.js')).templateCommand },
  export: { summary: 'Xuất báo cáo tổng hợp Excel theo thể thức văn bản cho một đơn vị, một biểu, một kỳ', load: async () => (await import('./export-command.js')).exportCommand },
  backup: { summary: 'Sao lưu toàn bộ cơ sở dữ liệu ra một tệp (trong khi máy chủ vẫn chạy)', load: async () => (await import('./backup-command.js')).backupCommand },
  restore: { summary: 'Khôi phục một tệp sao lưu vào cơ sở dữ liệu trống', load: async () => (await import('./restore-command.js')).restoreCommand },
  rollups: { summary: 'Sửa chữa số liệu tổng hợp: tính lại toàn bộ từ các báo cáo đã nộp (rebuild)', load: async () => (await import('./rollups-command.js')).rollupsCommand },
  verify: { summary: 'Kiểm tra cơ sở dữ liệu: toàn vẹn, từng báo cáo so với tệp gốc, số liệu tổng hợp', load: async () => (await import('./verify-command.js')).verifyCommand },
}
