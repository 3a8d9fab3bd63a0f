import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

// Issue #13: `npm ci --omit=dev && npm start` has no Vite. Without a built dist/web the server refuses to start and
// says what to do, instead of crashing. Simulated on a copy of the product without dist/web, with a resolve hook
// that makes `vite` not installed (as --omit=dev leaves it).
describe('a production install without Vite', () => {
  it('refuses to serve without a built web application, saying why and what to do', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-omit-dev-'))
    try {
      for (const name of ['bin', 'src', 'schema', 'importers', 'exports', 'seeds', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, name), join(dir, name), { recursive: true })
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
      writeFileSync(join(dir, 'no-vite.mjs'), "import { register } from 'node:module'\nregister('./no-vite-hooks.mjs', import.meta.url)\n")
      writeFileSync(
        join(dir, 'no-vite-hooks.mjs'),
        `export async function resolve(specifier, context, next) {
  if (specifier === 'vite' || specifier === '@vitejs/plugin-react') throw Object.assign(new Error("Cannot find package 'vite'"), { code: 'ERR_MODULE_NOT_FOUND' })
  return next(specifier, context)
}
`,
      )
      const db = join(dir, 'data', 'tonghop.sqlite')
      const r = await run(process.execPath, ['--import', './no-vite.mjs', 'bin/tonghop.js', 'serve'], { cwd: dir, env: { ...process.env, DATABASE_URL: '', TONGHOP_DB_FILE: db, PORT: '4391', TONGHOP_WORKERS: '1' } }).then(
        (ok) => ({ code: 0, ...ok }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      )
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('Chưa có giao diện web dựng sẵn (dist/web)')
      expect(r.stderr).toContain('npm run build:web')
      expect(r.stderr).toContain('The web application is not built')
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(existsSync(db)).toBe(false)
      expect(existsSync(join(dir, 'dist'))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
