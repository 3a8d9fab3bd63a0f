import { benchCommand } from './bench-command.js'
import { createAdminCommand } from './create-admin-command.js'
import { importCommand } from './import-command.js'
import { migrateCommand } from './migrate-command.js'
import { printSchemaCommand } from './print-schema-command.js'
import { seedCommand } from './seed-command.js'
import { serveCommand } from './serve-command.js'
import { templateCommand } from './template-command.js'
import { exportCommand } from './export-command.js'
import { backupCommand } from './backup-command.js'
import { restoreCommand } from './restore-command.js'
import { verifyCommand } from './verify-command.js'
import type { CliCommand } from './usage-error.js'

export const commands: Record<string, CliCommand> = {
  serve: serveCommand,
  migrate: migrateCommand,
  seed: seedCommand,
  'create-admin': createAdminCommand,
  'print-schema': printSchemaCommand,
  bench: benchCommand,
  import: importCommand,
  template: templateCommand,
  export: exportCommand,
  backup: backupCommand,
  restore: restoreCommand,
  verify: verifyCommand,
}
