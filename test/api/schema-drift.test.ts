import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { printedSchema } from '../../schema/print-schema.js'

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing the API)', () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8')
    expect(printedSchema()).toBe(committed)
  })
})
