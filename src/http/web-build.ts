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

/** Why `tonghop serve` will not start: the pages are not built (or older than src/web) and Vite is not installed. */
export class WebBuildUnavailable extends Error {
  readonly code = 'WEB_BUILD_UNAVAILABLE'
}

export function webBuildUnavailableMessage(stale: boolean): string {
  const what = stale ? 'Giao diện web dựng sẵn (dist/web) cũ hơn mã nguồn src/web' : 'Chưa có giao diện web dựng sẵn (dist/web)'
  return [
    `${what}, và máy này không cài Vite để dựng (cài bằng \`npm ci --omit=dev\`?). Máy chủ không khởi động; cơ sở dữ liệu không bị động đến.`,
    'Cách sửa: chạy `npm ci` (cài cả devDependencies) rồi `npm start` (tự dựng khi khởi động) hoặc `npm run build:web`; hoặc dựng ở máy khác bằng `npm run build:web` và chép cả thư mục dist/web sang.',
    `${stale ? 'The built web application (dist/web) is older than src/web' : 'The web application is not built (no dist/web)'} and Vite is not installed (npm ci --omit=dev?): the server did not start. Run \`npm ci\` then \`npm start\` or \`npm run build:web\`, or copy a dist/web built elsewhere with \`npm run build:web\`.`,
  ].join('\n')
}

/**
 * Builds the web application with Vite when dist/web is missing or older than its sources (on `tonghop serve` and
 * before the tests). Vite is a development dependency: loaded only when a build is needed; without it (a production
 * install with `npm ci --omit=dev`) a missing or stale build is refused with WebBuildUnavailable, saying what to do.
 */
export async function ensureWebBuild(log: (line: string) => void = () => {}, loadVite: () => Promise<typeof import('vite')> = () => import('vite')): Promise<'current' | 'built'> {
  if (webBuildIsCurrent()) return 'current'
  const hash = webSourceHash()
  const vite = await loadVite().catch(() => null)
  if (!vite) throw new WebBuildUnavailable(webBuildUnavailableMessage(existsSync(join(WEB_DIST_DIR, 'index.html'))))
  log('Đang dựng giao diện web (Vite)…')
  const react = (await import('@vitejs/plugin-react')).default
  // Always React's production build: Vite and the React plugin follow NODE_ENV, which vitest sets to "test" (the
  // tests' global setup builds dist/web), and the stamp would then keep that 520 KB development build for `npm start`.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await vite.build({
      root: WEB_SOURCE_DIR,
      configFile: false,
      logLevel: 'warn',
      mode: 'production',
      plugins: [react()],
      build: { outDir: WEB_DIST_DIR, emptyOutDir: true, assetsInlineLimit: 0, sourcemap: false, target: 'es2022' },
    })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  writeFileSync(join(WEB_DIST_DIR, STAMP), hash)
  return 'built'
}
