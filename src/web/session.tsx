import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { gqlRequest, onForbidden } from './api/graphql-client'
import { MeQuery } from './api/session-operations'
import type { MeQuery as MeResult } from './gql/graphql'
import { loginPathFor, navigate } from './router'

export type Me = NonNullable<MeResult['me']>

interface SessionState {
  me: Me | null
  loading: boolean
  refresh: () => Promise<Me | null>
}

const SessionContext = createContext<SessionState>({ me: null, loading: true, refresh: async () => null })

export function useSession(): SessionState {
  return useContext(SessionContext)
}

export function hasRole(me: Me | null, role: string): boolean {
  return !!me?.grants.some((g) => g.role === role)
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null)
  const [loading, setLoading] = useState(true)
  const refresh = useCallback(async () => {
    const result = await gqlRequest(MeQuery).catch(() => ({ me: null }))
    setMe(result.me ?? null)
    setLoading(false)
    return result.me ?? null
  }, [])
  useEffect(() => {
    void refresh()
  }, [refresh])
  // A refused request may mean the session ran out: if so, log in again and come back here.
  useEffect(
    () =>
      onForbidden(() => {
        void refresh().then((now) => {
          if (!now) navigate(loginPathFor(new URL(location.href)), true)
        })
      }),
    [refresh],
  )
  return <SessionContext.Provider value={{ me, loading, refresh }}>{children}</SessionContext.Provider>
}
