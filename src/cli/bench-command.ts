import type { CliCommand } from './usage-error.js'

export const benchCommand: CliCommand = {
  summary: 'Đo hiệu năng trên dữ liệu cỡ toàn quốc (SQLite và PostgreSQL), mỗi số kèm mốc so sánh',
  help: 'tonghop bench [--only sqlite|postgres] [--part rollups|web|live|dashboard|lineage] [--json FILE]\n\nIn thời gian của từng phép đo bên cạnh một cách làm đơn giản (baseline) đo trong cùng lần chạy; --json ghi mọi dòng (name, ms, baselineMs, note) vào FILE.',
  run: async (argv) => {
    const { runBench } = await import('../../bench/run-bench.js')
    return runBench(argv)
  },
}
