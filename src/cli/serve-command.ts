import { startServices } from '../bootstrap.js'
import { loadConfig } from '../config/config.js'
import { acquireServerLock } from '../db/server-lock.js'
import { DEMO_PASSWORD } from '../domain/seeding/demo-accounts.js'
import { listen, stopServing } from '../http/serve.js'
import { isServeWorker, runServeWorker, startWorkers } from '../http/serve-workers.js'
import { ensureWebBuild } from '../http/web-build.js'
import type { CliCommand } from './usage-error.js'

export const serveCommand: CliCommand = {
  summary: 'Chạy máy chủ GraphQL (mặc định http://localhost:4000/graphql)',
  help: `tonghop serve

Chạy máy chủ. Lần đầu trên tệp SQLite nhúng (data/tonghop.sqlite), cơ sở dữ liệu được tạo,
nâng cấp (migrate) và nạp dữ liệu mẫu; ở chế độ phát triển, tài khoản demo được tạo và in ra.
Biến môi trường: PORT, HOST, DATABASE_URL (postgres://…), TONGHOP_DB_FILE, TONGHOP_MODE=production, TONGHOP_SECRET,
TONGHOP_WORKERS (số tiến trình phục vụ; mặc định bằng số lõi CPU, tối đa 4).`,
  run: async () => {
    const config = loadConfig()
    if (isServeWorker()) return runServeWorker(config)
    // before migrating or seeding: a second server on the same file must change nothing
    const lock = config.databaseUrl ? null : acquireServerLock(config.sqliteFile, config.port)
    // The web application is built here, once, when dist/web is missing or older than src/web (the workers only serve it).
    await ensureWebBuild((line) => console.log(line))
    const { services, demoAccounts, seeded } = await startServices(config)
    let stop: () => Promise<void>
    if (config.workers > 1) {
      // the primary only migrated and seeded; each worker opens its own handle
      await services.live.close()
      await services.database.close()
      stop = await startWorkers(config.workers, services.config.secret as string)
    } else {
      services.workers.report({ mode: 'single', expected: 1, listening: 1 })
      const server = await listen(services)
      stop = () => stopServing(server, services)
    }
    // listening from here on: a supervisor (or a test) may stop us the moment it reads the line below, so the
    // handlers are in place before it is printed
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    const where = config.databaseUrl ? 'PostgreSQL' : config.sqliteFile
    const processes = config.workers > 1 ? `, ${config.workers} tiến trình phục vụ` : ''
    const origin = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`
    console.log(`tonghop đang chạy tại ${origin}/ (trang web) và ${origin}/graphql (${config.mode}, ${where}${processes})`)
    if (seeded) console.log('Đã tạo cơ sở dữ liệu và nạp dữ liệu mẫu từ seeds/.')
    if (demoAccounts.length > 0) {
      console.log(`\nTài khoản demo (mật khẩu chung: ${DEMO_PASSWORD}):`)
      for (const a of demoAccounts) console.log(`  ${a.username.padEnd(20)} ${a.role.padEnd(14)} đơn vị ${a.unit}`)
      console.log('\nĐăng nhập: mutation { login(username: "phucloi.nhaplieu", password: "…") { … on MutationLoginSuccess { data { token } } } }')
      console.log('rồi gửi kèm tiêu đề  Authorization: Bearer <token>')
    }
    await stopped
    await stop()
    lock?.release()
    return 0
  },
}
