import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { SEEDS_DIR } from './seed-loader.js'
import { AssignmentSeedSchema, UnitSeedSchema } from './seed-schema.js'

// The example reorganization (issue #17): wards of the district era merged into phường Đồ Sơn on 1 July 2025, with
// their returns for 2024–2025. Kept out of the default seed (existing tests assert the seeded tree); `tonghop seed
// --examples` loads it. Every unit is marked `example`, as invented branches are.

const code = z.string().min(1)
export const LineageExampleSchema = z.strictObject({
  note: z.string(),
  units: z.array(UnitSeedSchema),
  lineage: z.array(z.strictObject({
    kind: z.enum(['merge', 'split', 'rename']),
    sources: z.array(code).min(1),
    targets: z.array(z.strictObject({ code, share: z.number().positive().max(1).optional() })).min(1),
    effectiveOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  })),
  /** What the old units had to file then, so their returns are filed through the importer as a clerk's would be. */
  assignments: z.array(AssignmentSeedSchema.omit({ document: true })).optional(),
  returns: z.array(z.strictObject({ unit: code, form: code, period: code, values: z.record(z.string(), z.number()) })),
})
export type LineageExample = z.infer<typeof LineageExampleSchema>

export function loadLineageExample(file = path.join(SEEDS_DIR, 'examples', 'do-son-merger.json')): LineageExample {
  return LineageExampleSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
}
