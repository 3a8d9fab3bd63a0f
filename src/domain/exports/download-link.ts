import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Short-lived download links.
 *
 * A link is `/download/<kind>?<params>&acct=<account id>&exp=<unix seconds>&sig=<HMAC-SHA256>` where the HMAC (key:
 * config.secret) covers the path, every parameter in sorted order, the account id and the expiry. It lives 5 minutes
 * and is bound to the caller: the GET must present a Bearer token of the SAME account (so a leaked link is useless to
 * anyone else and it need not be single-use, which would need shared state between server processes). Any failure —
 * bad or missing signature, expired, another account, no token — answers the same 404, so nothing leaks.
 */
export const LINK_TTL_SECONDS = 300
export const DOWNLOAD_PREFIX = '/download/'

export type DownloadKind = 'template' | 'export' | 'upload'

function canonical(path: string, params: Record<string, string>): string {
  const keys = Object.keys(params).filter((k) => k !== 'sig').sort()
  return [path, ...keys.map((k) => `${k}=${params[k]}`)].join('\n')
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('base64url')
}

export interface SignedLink {
  /** Path and query, to append to the public URL. */
  pathAndQuery: string
  expiresAt: Date
}

export function signDownloadLink(secret: string, kind: DownloadKind, params: Record<string, string>, accountId: number, now = Date.now()): SignedLink {
  const exp = Math.floor(now / 1000) + LINK_TTL_SECONDS
  const path = `${DOWNLOAD_PREFIX}${kind}`
  const all: Record<string, string> = { ...params, acct: String(accountId), exp: String(exp) }
  const sig = sign(secret, canonical(path, all))
  const query = new URLSearchParams([...Object.keys(all).sort().map((k) => [k, all[k] as string]), ['sig', sig]])
  return { pathAndQuery: `${path}?${query.toString()}`, expiresAt: new Date(exp * 1000) }
}

/** The signed parameters (without acct/exp/sig) when the link is genuine, unexpired and bound to `accountId`; else null. */
export function verifyDownloadLink(secret: string, url: URL, accountId: number | null, now = Date.now()): { kind: DownloadKind; params: Record<string, string> } | null {
  if (!url.pathname.startsWith(DOWNLOAD_PREFIX)) return null
  const kind = url.pathname.slice(DOWNLOAD_PREFIX.length)
  if (kind !== 'template' && kind !== 'export' && kind !== 'upload') return null
  const all: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [k, v] of url.searchParams) {
    if (k in all) return null // a repeated parameter is never one we signed
    all[k] = v
  }
  const sig = all.sig
  const exp = Number(all.exp)
  const acct = Number(all.acct)
  if (!sig || !Number.isInteger(exp) || !Number.isInteger(acct)) return null
  const expected = Buffer.from(sign(secret, canonical(url.pathname, all)))
  const given = Buffer.from(sig)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  const nowSec = Math.floor(now / 1000)
  if (exp < nowSec || exp > nowSec + LINK_TTL_SECONDS + 5) return null
  if (accountId === null || accountId !== acct) return null
  const params: Record<string, string> = {}
  for (const [k, v] of Object.entries(all)) if (k !== 'sig' && k !== 'acct' && k !== 'exp') params[k] = v
  return { kind, params }
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the RFC 5987 UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]|["\\%;]/g, '_')
  const encoded = encodeURIComponent(fileName.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
