import { explainDatabaseError } from '../db/database-errors.js'
import { commands } from './command-list.js'
import { UsageError } from './usage-error.js'

const USAGE = `tonghop — tổng hợp báo cáo

Cách dùng: tonghop <lệnh> [tùy chọn]

Lệnh:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`)
  .join('\n')}

Mỗi lệnh có --help. Cấu hình qua biến môi trường (xem README): DATABASE_URL, TONGHOP_DB_FILE, PORT, TONGHOP_MODE, TONGHOP_SECRET.`

/** Exit codes: 0 done, 1 the work failed (e.g. a file refused), 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE)
    return name ? 0 : 2
  }
  const entry = commands[name]
  if (!entry) {
    console.error(`Lệnh không có: "${name}"\n\n${USAGE}`)
    return 2
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help)
    return 0
  }
  try {
    return await command.run(rest)
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${command.help}`)
      return 2
    }
    const known = explainDatabaseError(e)
    console.error(known ? known.message : e instanceof Error ? e.message : String(e))
    return 1
  }
}
