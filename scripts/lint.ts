// Project lint: the conventions and the layering rule that tsc cannot see. (src/web is bundled by Vite: its imports need no .js.)
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const DIRS = ['src', 'schema', 'importers', 'exports', 'seeds', 'test', 'bench', 'scripts']
const problems: string[] = []

function walk(dir: string): string[] {
  let out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out = out.concat(walk(full))
    else out.push(full)
  }
  return out
}

const files = DIRS.flatMap((d) => {
  try {
    return walk(join(ROOT, d))
  } catch {
    return []
  }
  // src/web/gql is written by GraphQL Code Generator (its index.ts and names are its own); a test keeps it current.
}).filter((f) => f.endsWith('.ts') && !relative(ROOT, f).startsWith('src/web/gql/'))

for (const file of files) {
  const rel = relative(ROOT, file)
  const base = rel.split('/').pop() as string
  const text = readFileSync(file, 'utf8')
  const lines = text.split('\n')
  if (!/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*\.ts$/.test(base)) problems.push(`${rel}: file names are kebab-case`)
  if (base === 'index.ts' && rel !== 'schema/index.ts') problems.push(`${rel}: no barrel files; import from the module itself`)
  lines.forEach((line, i) => {
    const at = `${rel}:${i + 1}`
    if (!rel.startsWith('src/web/') && /^\s*import\s[^'"]*from\s+'\.{1,2}\/[^']*'/.test(line) && !/\.(js|json)'/.test(line)) problems.push(`${at}: relative imports end in .js`)
    if (rel.startsWith('test/') && /\b(it|test|describe)\.only\(/.test(line)) problems.push(`${at}: .only left in a test`)
    if (rel.startsWith('test/') && /\b(it|test|describe)\.skip\(/.test(line)) problems.push(`${at}: skipped test (use it.skipIf with a reason the run prints)`)
    const inDbLayer = rel.startsWith('src/db/')
    if (!inDbLayer && /^\s*import\s+(?!type\b)[^;]*from\s+'kysely'/.test(line) && !/^\s*import\s+\{\s*(type\s+\w+(,\s*)?)+\}\s+from/.test(line)) {
      problems.push(`${at}: only src/db/ may use Kysely values; elsewhere import types only`)
    }
    if (!inDbLayer && !rel.startsWith('test/') && !rel.startsWith('bench/') && /\.(selectFrom|insertInto|updateTable|deleteFrom)\(/.test(line)) {
      problems.push(`${at}: SQL belongs in src/db/repositories`)
    }
  })
}

// The pages talk to the server only through /graphql and the download routes: nothing in src/web imports the server's
// code (dependency-cruiser cannot parse .tsx here, so this rule lives in the project lint).
const SERVER_PACKAGES = /^(kysely|better-sqlite3|pg|graphql-yoga|exceljs|@pothos\/|node:)/
for (const file of walk(join(ROOT, 'src/web')).filter((f) => /\.tsx?$/.test(f) && !relative(ROOT, f).startsWith('src/web/gql/'))) {
  const rel = relative(ROOT, file)
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const spec = /^\s*(?:import|export)\s[^'"]*from\s+'([^']+)'/.exec(line)?.[1]
    if (!spec) return
    const inside = spec.startsWith('.') ? relative(join(ROOT, 'src/web'), join(file, '..', spec)).startsWith('..') === false : true
    if (!inside || SERVER_PACKAGES.test(spec)) problems.push(`${rel}:${i + 1}: pages import only src/web and browser packages; the server is reached through /graphql`)
  })
}

// No file of product code over 400 lines (README, Layout): a longer file is several modules. Generated code
// (src/web/gql) is not ours to split.
const MAX_LINES = 400
const PRODUCT_DIRS = ['src/', 'schema/', 'importers/', 'exports/', 'seeds/']
// Files allowed over the limit while a change in flight splits them: empty since importers/return-parser.ts was split
// (issue 12), and it stays empty. An entry under the limit is reported, so an exception cannot outlive its reason.
const OVER_LIMIT_ALLOWED = new Set<string>()
const productFiles = [...files, ...walk(join(ROOT, 'src/web')).filter((f) => f.endsWith('.tsx'))].filter((f) => {
  const rel = relative(ROOT, f)
  return PRODUCT_DIRS.some((d) => rel.startsWith(d)) && !rel.startsWith('src/web/gql/')
})
for (const file of productFiles) {
  const rel = relative(ROOT, file)
  const text = readFileSync(file, 'utf8')
  const count = text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
  if (count > MAX_LINES && !OVER_LIMIT_ALLOWED.has(rel)) problems.push(`${rel}: ${count} lines; product files stay under ${MAX_LINES} (split it along its seams)`)
  if (count <= MAX_LINES && OVER_LIMIT_ALLOWED.has(rel)) problems.push(`${rel}: ${count} lines now; remove it from OVER_LIMIT_ALLOWED in scripts/lint.ts`)
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  console.error(`\nlint: ${problems.length} problem(s)`)
  process.exit(1)
}
console.log(`lint: ${files.length} files, no problems`)
