import type { Plugin } from 'graphql-yoga'
import type { SessionCookieJar } from '../../schema/context.js'
import type { AppServices } from '../app-services.js'
import { clearedSessionCookies, csrfRefusal, sessionCookies } from './browser-session.js'

/** What a resolver may do to the browser's session cookies (login from the page, logout). */

const pending = new WeakMap<Request, string[]>()

export function sessionCookieJar(services: AppServices, request: Request): SessionCookieJar {
  const secure = services.config.mode === 'production'
  const secret = services.config.secret as string
  return {
    start: (token, expiresAt) => pending.set(request, sessionCookies(secret, token, expiresAt, secure)),
    clear: () => pending.set(request, clearedSessionCookies(secure)),
  }
}

/**
 * Cookie sessions for the web application, beside bearer tokens: a cookie-authenticated request that is not a GET
 * needs the session's CSRF header and, when the browser names one, our own Origin; refused before any resolver runs.
 */
export function useBrowserSessions(services: AppServices): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const refusal = csrfRefusal(request, services.config.secret as string)
      if (refusal) endResponse(Response.json({ errors: [{ message: refusal, extensions: { code: 'CSRF_REJECTED' } }] }, { status: 403 }))
    },
    onResponse({ request, response }) {
      for (const cookie of pending.get(request) ?? []) response.headers.append('set-cookie', cookie)
      pending.delete(request)
    },
  }
}
