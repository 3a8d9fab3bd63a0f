import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { RestRoute } from './rest-routes.js'
import { WEB_DIST_DIR } from './web-build.js'

/** Pages: our own scripts, styles and images only; nothing inline, never framed, forms post only to us. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

interface StaticFile {
  type: string
  raw: Uint8Array<ArrayBuffer>
  gzip: Uint8Array<ArrayBuffer> | null
  immutable: boolean
}

let files: Map<string, StaticFile> | null = null

function load(): Map<string, StaticFile> {
  const out = new Map<string, StaticFile>()
  if (!existsSync(WEB_DIST_DIR)) return out
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (TYPES[extname(name)]) {
        const raw = new Uint8Array(readFileSync(full))
        const type = TYPES[extname(name)] as string
        const compressible = !type.startsWith('image/png') && !type.startsWith('font/')
        const rel = `/${relative(WEB_DIST_DIR, full).split('\\').join('/')}`
        out.set(rel, { type, raw, gzip: compressible && raw.length > 512 ? new Uint8Array(gzipSync(raw, { level: 9 })) : null, immutable: rel.startsWith('/assets/') })
      }
    }
  }
  walk(WEB_DIST_DIR)
  return out
}

/** Paths the page layer never owns: the API and the download and health routes answer them. */
const NOT_PAGES = /^\/(graphql|download|health)(\/|$|\?)/

function respond(file: StaticFile, request: Request): Response {
  const headers: Record<string, string> = {
    'content-type': file.type,
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'accept-encoding',
  }
  if (file.type.startsWith('text/html')) headers['content-security-policy'] = PAGE_CSP
  const gzip = file.gzip && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')
  if (gzip) headers['content-encoding'] = 'gzip'
  const body = gzip ? (file.gzip as Uint8Array<ArrayBuffer>) : file.raw
  headers['content-length'] = String(body.length)
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers })
}

/** The built web application at `/`: hashed assets cached for good, every other page path answered by index.html. */
export const webAppRoute: RestRoute = async (_services, request, url) => {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null
  if (NOT_PAGES.test(url.pathname)) return null
  files ??= load()
  const file = files.get(url.pathname)
  if (file) return respond(file, request)
  if (url.pathname.startsWith('/assets/') || extname(url.pathname)) return new Response('Không tìm thấy', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  const index = files.get('/index.html')
  if (!index) return new Response('Giao diện web chưa được dựng: chạy `npm start` (tự dựng) hoặc `npm run build:web`', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  return respond(index, request)
}

/** Tests rebuild dist/web while a process may already have read it. */
export function forgetWebFiles(): void {
  files = null
}

