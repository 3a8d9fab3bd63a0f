import { benchCommand } from './bench-command.js'
import { createAdminCommand } from './create-admin-command.js'
import { migrateCommand } from './migrate-command.js'
import { printSchemaCommand } from './print-schema-command.js'
import { seedCommand } from './seed-command.js'
import { serveCommand } from './serve-command.js'
import type { CliCommand } from './usage-error.js'

export const commands: Record<string, CliCommand> = {
  serve: serveCommand,
  migrate: migrateCommand,
  seed: seedCommand,
  'create-admin': createAdminCommand,
  'print-schema': printSchemaCommand,
  bench: benchCommand,
}
