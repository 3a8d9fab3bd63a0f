import { createHmac, timingSafeEqual } from 'node:crypto'

/** The session token lives in an HttpOnly cookie no script can read; the CSRF cookie is readable by our own page only. */
export const SESSION_COOKIE = 'tonghop_session'
export const CSRF_COOKIE = 'tonghop_csrf'
export const CSRF_HEADER = 'x-tonghop-csrf'

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/

export function readCookies(request: Request): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim())
  }
  return out
}

/** The session token carried by the cookie, when the request has one that looks like a token. */
export function sessionTokenOf(request: Request): string | null {
  const token = readCookies(request).get(SESSION_COOKIE)
  return token && TOKEN.test(token) ? token : null
}

/** Bound to the session: a CSRF value from one session is worthless in another, and the server keeps no state for it. */
export function csrfTokenFor(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url')
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Why a cookie-authenticated request may not change state: null when it may. Every method but GET/HEAD needs the
 * CSRF header matching the session, and a browser's Origin (when sent) must be this server's own.
 */
export function csrfRefusal(request: Request, secret: string): string | null {
  if (request.headers.get('authorization')) return null
  const token = sessionTokenOf(request)
  if (!token || request.method === 'GET' || request.method === 'HEAD') return null
  const origin = request.headers.get('origin')
  const host = request.headers.get('host')
  if (origin && origin !== 'null' && host && new URL(origin).host !== host) return 'Yêu cầu từ trang web khác bị từ chối'
  if (origin === 'null') return 'Yêu cầu từ trang web khác bị từ chối'
  const header = request.headers.get(CSRF_HEADER) ?? ''
  if (!header || !sameText(header, csrfTokenFor(secret, token))) return 'Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF); hãy tải lại trang'
  return null
}

export function sessionCookies(secret: string, token: string, expiresAt: string, secure: boolean): string[] {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000))
  const flags = `Path=/; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`
  return [`${SESSION_COOKIE}=${token}; HttpOnly; ${flags}`, `${CSRF_COOKIE}=${csrfTokenFor(secret, token)}; ${flags}`]
}

export function clearedSessionCookies(secure: boolean): string[] {
  const flags = `Path=/; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`
  return [`${SESSION_COOKIE}=; HttpOnly; ${flags}`, `${CSRF_COOKIE}=; ${flags}`]
}
