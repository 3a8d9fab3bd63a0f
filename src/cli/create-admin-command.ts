import { parseArgs } from 'node:util'
import { loadConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { migrateToLatest } from '../db/migrate.js'
import { findUnitByCode } from '../db/repositories/unit.repository.js'
import { createAccount } from '../domain/accounts/account-service.js'
import { recordAudit } from '../domain/audit/audit-service.js'
import { UsageError, type CliCommand } from './usage-error.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

export const createAdminCommand: CliCommand = {
  summary: 'Tạo tài khoản quản trị đầu tiên',
  help: `tonghop create-admin --username TEN --unit MA_DON_VI [--name "Họ tên"]

Mật khẩu đọc từ biến môi trường TONGHOP_ADMIN_PASSWORD, hoặc từ đầu vào chuẩn:
  echo 'mat-khau-dai-it-nhat-10-ky-tu' | tonghop create-admin --username quantri --unit TW`,
  run: async (argv) => {
    const { values } = parseArgs({ args: argv, options: { username: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' } }, strict: true })
    if (!values.username || !values.unit) throw new UsageError('Thiếu --username hoặc --unit')
    const password = process.env.TONGHOP_ADMIN_PASSWORD ?? (process.stdin.isTTY ? '' : await readStdin())
    if (!password) throw new UsageError('Không có mật khẩu: đặt TONGHOP_ADMIN_PASSWORD hoặc truyền qua đầu vào chuẩn')
    const database = openDatabase(loadConfig())
    try {
      await migrateToLatest(database.db)
      const unit = await findUnitByCode(database.db, values.unit)
      if (!unit) throw new Error(`Không tìm thấy đơn vị có mã "${values.unit}"`)
      await database.db.transaction().execute(async (trx) => {
        await createAccount(trx, { username: values.username as string, displayName: values.name ?? values.username as string, password, grants: [{ role: 'administrator', unitId: unit.id }], grantedBy: null })
        await recordAudit(trx, { action: 'account.created', username: 'cli', unitId: unit.id, target: values.username, details: { role: 'administrator' }, clientAddress: 'cli' })
      })
      console.log(`Đã tạo tài khoản quản trị "${values.username}" cho ${unit.name}.`)
      return 0
    } finally {
      await database.close()
    }
  },
}
