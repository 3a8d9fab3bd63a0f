import type { Plugin } from 'graphql-yoga'

const HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
}

/** Security headers on every response, GraphiQL included (its CSP must still allow its own inline boot script). */
export function useSecurityHeaders(opts: { production: boolean }): Plugin {
  return {
    onResponse({ response }) {
      for (const [k, v] of Object.entries(HEADERS)) response.headers.set(k, v)
      if (opts.production) response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains')
      const type = response.headers.get('content-type') ?? ''
      if (!type.includes('text/html')) response.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
      // live updates: a proxy that buffers (nginx by default) would hold each event until its buffer fills
      if (type.startsWith('text/event-stream')) response.headers.set('x-accel-buffering', 'no')
    },
  }
}
