import { useEffect, useState } from 'react'

/** A few pages, plain history API: no router library for five paths. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  window.dispatchEvent(new PopStateEvent('popstate'))
}

export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(location.href))
  useEffect(() => {
    const update = () => setUrl(new URL(location.href))
    window.addEventListener('popstate', update)
    return () => window.removeEventListener('popstate', update)
  }, [])
  return url
}

/** Where a login should return to: only a path of our own (never another origin). */
export function safeReturnPath(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/'
}

export function loginPathFor(current: URL): string {
  const here = current.pathname + current.search
  return here === '/' || current.pathname === '/dang-nhap' ? '/dang-nhap' : `/dang-nhap?tiep=${encodeURIComponent(here)}`
}
