import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { printedSchema } from '../../schema/print-schema.js'
import type { CliCommand } from './usage-error.js'

export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url))

export const printSchemaCommand: CliCommand = {
  summary: 'Ghi schema/schema.graphql từ mã nguồn (--check: chỉ kiểm tra)',
  help: 'tonghop print-schema [--check]\n\nGhi SDL của API vào schema/schema.graphql; --check trả mã 1 nếu tệp đã cũ.',
  run: async (argv) => {
    const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean' } }, strict: true })
    const sdl = printedSchema()
    if (values.check) {
      const same = readFileSync(SCHEMA_FILE, 'utf8') === sdl
      console.log(same ? 'schema/schema.graphql khớp với mã nguồn.' : 'schema/schema.graphql đã cũ: chạy npm run schema:print')
      return same ? 0 : 1
    }
    writeFileSync(SCHEMA_FILE, sdl)
    console.log(`Đã ghi ${SCHEMA_FILE}`)
    return 0
  },
}
