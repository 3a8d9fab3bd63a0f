// Types the web application's GraphQL operations against schema/schema.graphql (GraphQL Code Generator, client
// preset): a schema change that breaks a page breaks `npm run typecheck`. `--check` fails when src/web/gql is stale.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generate } from '@graphql-codegen/cli'
import type { CodegenConfig } from '@graphql-codegen/cli'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

export const webCodegenConfig: CodegenConfig = {
  cwd: ROOT,
  schema: 'schema/schema.graphql',
  documents: ['src/web/**/*.tsx', 'src/web/**/*.ts', '!src/web/gql/**'],
  silent: true,
  generates: {
    'src/web/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Operations travel as strings: no graphql-js in the page bundle.
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: false,
        scalars: { DateTime: 'string', Date: 'string', JSON: 'unknown', File: 'File' },
      },
    },
  },
}

/** The files codegen would write, beside what the repository holds. */
export async function staleWebCodegenFiles(): Promise<string[]> {
  const outputs = (await generate(webCodegenConfig, false)) as { filename: string; content: string }[]
  return outputs.filter((o) => {
    try {
      return readFileSync(join(ROOT, o.filename), 'utf8') !== o.content
    } catch {
      return true
    }
  }).map((o) => o.filename)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = await staleWebCodegenFiles()
    if (stale.length) {
      console.error(`src/web/gql is stale (${stale.join(', ')}): run npm run codegen:web`)
      process.exit(1)
    }
  } else {
    await generate(webCodegenConfig, true)
    console.log('Đã ghi src/web/gql/')
  }
}
