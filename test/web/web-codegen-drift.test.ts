import { expect, it } from 'vitest'
import { staleWebCodegenFiles } from '../../scripts/web-codegen.js'

it('the web application’s operation types in src/web/gql are current with schema/schema.graphql (npm run codegen:web)', async () => {
  expect(await staleWebCodegenFiles()).toEqual([])
})
