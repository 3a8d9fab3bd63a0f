import { describe, expect, it } from 'vitest'
import { contentDisposition, LINK_TTL_SECONDS, signDownloadLink, verifyDownloadLink } from '../../src/domain/exports/download-link.js'

const SECRET = 'a-test-secret-of-enough-length-000000'
const params = { form: 'BC-YT72', unit: '01.PL', period: '2026S1', layout: 'form' }
const at = (pq: string) => new URL(`http://localhost${pq}`)

describe('signed download links', () => {
  it('verify for the same account within five minutes, giving back the signed parameters', () => {
    const now = Date.UTC(2026, 5, 1, 8, 0, 0)
    const link = signDownloadLink(SECRET, 'template', params, 7, now)
    expect(link.expiresAt.getTime()).toBe(now + LINK_TTL_SECONDS * 1000)
    expect(verifyDownloadLink(SECRET, at(link.pathAndQuery), 7, now + 60_000)).toEqual({ kind: 'template', params })
  })

  it('refuse another account, no account, expiry, a changed parameter or expiry, another kind, a repeated parameter, another key', () => {
    const now = Date.now()
    const link = signDownloadLink(SECRET, 'export', params, 7, now)
    const u = at(link.pathAndQuery)
    expect(verifyDownloadLink(SECRET, u, 8, now)).toBeNull()
    expect(verifyDownloadLink(SECRET, u, null, now)).toBeNull()
    expect(verifyDownloadLink(SECRET, u, 7, now + (LINK_TTL_SECONDS + 1) * 1000)).toBeNull()
    const changed = new URL(u)
    changed.searchParams.set('unit', '31.BD')
    expect(verifyDownloadLink(SECRET, changed, 7, now)).toBeNull()
    const longer = new URL(u)
    longer.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600))
    expect(verifyDownloadLink(SECRET, longer, 7, now)).toBeNull()
    const otherAcct = new URL(u)
    otherAcct.searchParams.set('acct', '8')
    expect(verifyDownloadLink(SECRET, otherAcct, 8, now)).toBeNull()
    expect(verifyDownloadLink(SECRET, at(link.pathAndQuery.replace('/download/export', '/download/template')), 7, now)).toBeNull()
    expect(verifyDownloadLink(SECRET, at(`${link.pathAndQuery}&unit=31.BD`), 7, now)).toBeNull()
    expect(verifyDownloadLink('another-secret-another-secret-000000', u, 7, now)).toBeNull()
    expect(verifyDownloadLink(SECRET, at(link.pathAndQuery.replace(/sig=[^&]+/, '')), 7, now)).toBeNull()
  })

  it('a link signed with an expiry too far ahead (a forged clock) is refused', () => {
    const link = signDownloadLink(SECRET, 'template', params, 7, Date.now() + 3_600_000)
    expect(verifyDownloadLink(SECRET, at(link.pathAndQuery), 7, Date.now())).toBeNull()
  })
})

describe('Content-Disposition (RFC 6266 / RFC 5987)', () => {
  it('carries the UTF-8 Vietnamese name percent-encoded and an ASCII fallback', () => {
    const cd = contentDisposition('Biểu BC-YT72 - Đảng ủy phường Phúc Lợi - Quý I-2026.xlsx')
    expect(cd).toBe(
      `attachment; filename="Bieu BC-YT72 - Dang uy phuong Phuc Loi - Quy I-2026.xlsx"; filename*=UTF-8''Bi%E1%BB%83u%20BC-YT72%20-%20%C4%90%E1%BA%A3ng%20%E1%BB%A7y%20ph%C6%B0%E1%BB%9Dng%20Ph%C3%BAc%20L%E1%BB%A3i%20-%20Qu%C3%BD%20I-2026.xlsx`,
    )
    expect(decodeURIComponent(cd.split("UTF-8''")[1] as string)).toBe('Biểu BC-YT72 - Đảng ủy phường Phúc Lợi - Quý I-2026.xlsx')
  })

  it('never lets quotes, semicolons or line breaks through, and encodes NFD input as NFC', () => {
    const cd = contentDisposition('a";b\r\nc(1)\'*.xlsx')
    expect(cd).not.toMatch(/[\r\n]/)
    expect(cd).toContain('filename="a__b__c(1)\'*.xlsx"')
    expect(cd).toContain("filename*=UTF-8''a%22%3Bb%0D%0Ac%281%29%27%2A.xlsx")
    expect(contentDisposition('Phu\u0301c.xlsx')).toContain("UTF-8''Ph%C3%BAc.xlsx")
  })
})
