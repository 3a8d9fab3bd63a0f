// The layer rules (README, Layout): pages → API; schema, importers and exports → domain services → repositories.
// Run by `npm run lint:deps` (part of `npm run check` and CI). swc parses TypeScript here: the project compiles with
// TypeScript 7, whose npm package has no JavaScript API for dependency-cruiser to use. swc does not mark type-only
// imports, so "only src/db imports Kysely values" stays in scripts/lint.ts; here every import counts, which is
// what the cycle rule wants (types included).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle, type-only imports included: a cycle means two modules are one.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'schema-through-domain',
      severity: 'error',
      comment: 'Resolvers call domain services; they never reach the repositories, the database types or the HTTP layer.',
      from: { path: '^schema/' },
      to: { path: '^src/(db|http)/' },
    },
    {
      name: 'excel-not-db',
      severity: 'error',
      comment: 'The Excel readers and writers work on plain data; the domain services hand it to them.',
      from: { path: '^(importers|exports)/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'domain-not-api',
      severity: 'error',
      comment: 'The domain does not know the API or the server that call it.',
      from: { path: '^src/domain/' },
      to: { path: '^(schema|src/http|src/cli)/' },
    },
    {
      name: 'db-not-above',
      severity: 'error',
      comment: 'Repositories know tables and the domain vocabulary (types), nothing above them.',
      from: { path: '^src/db/' },
      to: { path: '^(schema|src/http|src/cli|importers|exports)/' },
    },
  ],
  options: {
    parser: 'swc',
    // type-only imports are dependencies too (a cycle through types is still a cycle); swc keeps them anyway, and this
    // says so should the parser change. Checked by planting a cycle of two `import type` modules: no-circular fails.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // src/web (.tsx) is not parsed here: swc reads every file as TypeScript without JSX. Its one rule (the pages import
    // nothing outside src/web, only the API reaches the server) is in scripts/lint.ts.
    exclude: { path: ['^test/fixtures', '^src/web/'] },
  },
}
