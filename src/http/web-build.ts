import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const WEB_SOURCE_DIR = join(ROOT, 'src/web')
export const WEB_DIST_DIR = join(ROOT, 'dist/web')
const STAMP = '.source-hash'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : [full]
  })
}

/** A hash of everything the bundle is built from: a changed page, style or generated operation rebuilds it. */
export function webSourceHash(): string {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)))
  for (const file of sourceFiles(WEB_SOURCE_DIR).sort()) hash.update(relative(WEB_SOURCE_DIR, file)).update(readFileSync(file))
  return hash.digest('hex')
}

export function webBuildIsCurrent(): boolean {
  const stamp = join(WEB_DIST_DIR, STAMP)
  return existsSync(join(WEB_DIST_DIR, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === webSourceHash()
}

/**
 * Builds the web application with Vite when dist/web is missing or older than its sources (on `tonghop serve` and
 * before the tests). Vite is a development dependency: loaded only when a build is needed.
 */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<'current' | 'built'> {
  if (webBuildIsCurrent()) return 'current'
  const hash = webSourceHash()
  log('Đang dựng giao diện web (Vite)…')
  const vite = await import('vite').catch(() => null)
  if (!vite) throw new Error('Chưa có giao diện web dựng sẵn (dist/web) và không có Vite để dựng: chạy `npm ci` (cài cả devDependencies)')
  const react = (await import('@vitejs/plugin-react')).default
  await vite.build({
    root: WEB_SOURCE_DIR,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: WEB_DIST_DIR, emptyOutDir: true, assetsInlineLimit: 0, sourcemap: false, target: 'es2022' },
  })
  writeFileSync(join(WEB_DIST_DIR, STAMP), hash)
  return 'built'
}
